import type { EntityManager } from '@mikro-orm/sqlite';
import { removeStaleRegistrations } from '../accounts/stale-registrations';
import type { Clock } from '../shared/clock';
import { PeriodicTask } from '../shared/periodic-task';
import type { Logger } from '../shared/logger';
import type { RateLimiter } from './rate-limiter';

const COUNTER_RETENTION_MS = 2 * 86_400_000;

/** Periodic clean-up: stale signups and rate-limit windows long closed. */
export class Housekeeping {
  private readonly task = new PeriodicTask('housekeeping', () => this.run(), this.log);

  constructor(
    private readonly em: EntityManager,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly staleAfterMs: number,
  ) {}

  async run(): Promise<{ staleRegistrations: number; counters: number }> {
    const before = new Date(this.clock().getTime() - this.staleAfterMs);
    const result = {
      staleRegistrations: await removeStaleRegistrations(this.em.fork(), before),
      counters: await this.limiter.prune(COUNTER_RETENTION_MS),
    };
    this.log.info(result, 'housekeeping done');
    return result;
  }

  start(intervalMs: number): void {
    this.task.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }
}
