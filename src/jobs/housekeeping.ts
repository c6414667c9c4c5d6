import { PhoneChangeStore } from '../accounts/phone-change.store';
import { UserStore } from '../users/user.store';
import { SessionStore } from '../sessions/session.store';
import { SmsQueueStore } from '../sms/queue/sms-queue.store';
import type { Database } from '../db/database';
import { LOCK_KEYS } from '../db/postgres';
import type { Clock } from '../shared/clock';
import { PeriodicTask } from '../shared/periodic-task';
import type { Logger } from '../shared/logger';
import { RateLimitCounterStore } from '../abuse/rate-limit-counter.store';

const COUNTER_RETENTION_MS = 2 * 86_400_000;

export interface HousekeepingResult {
  staleRegistrations: number;
  counters: number;
  endedSessions: number;
  expiredPhoneChanges: number;
  finishedMessages: number;
}

/** Periodic clean-up: stale signups, rate-limit windows long closed, sessions and messages long done, phone changes never confirmed. */
export class Housekeeping {
  private readonly task = new PeriodicTask('housekeeping', () => this.run(), this.log);

  constructor(
    private readonly database: Database,
    private readonly users: UserStore,
    private readonly counters: RateLimitCounterStore,
    private readonly sessions: SessionStore,
    private readonly phoneChanges: PhoneChangeStore,
    private readonly messages: SmsQueueStore,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly retention: { staleRegistrationMs: number; sessionRetentionMs: number },
  ) {}

  /** One instance at a time: the others find the lock taken and skip this round (null). */
  async run(): Promise<HousekeepingResult | null> {
    const now = this.clock().getTime();
    const result = await this.database.transaction(async (tx) => {
      if (!(await tx.dialect.tryLock(tx, LOCK_KEYS.housekeeping))) return null;
      return {
        staleRegistrations: await this.users.deleteUnverifiedBefore(
          tx,
          new Date(now - this.retention.staleRegistrationMs),
        ),
        counters: await this.counters.prune(tx, now - COUNTER_RETENTION_MS),
        endedSessions: await this.sessions.pruneEnded(tx, new Date(now - this.retention.sessionRetentionMs)),
        expiredPhoneChanges: await this.phoneChanges.pruneExpired(tx, new Date(now)),
        // Sent and given-up messages keep a phone number and a text; kept as long as ended sessions.
        finishedMessages: await this.messages.pruneFinished(tx, new Date(now - this.retention.sessionRetentionMs)),
      };
    });
    if (result) this.log.info(result, 'housekeeping done');
    else this.log.debug('housekeeping skipped: another instance is running it');
    return result;
  }

  start(intervalMs: number): void {
    this.task.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }
}

/** Housekeeping with its own stores, for the server and for `npm run cleanup` alike. */
export function housekeepingFor(
  database: Database,
  clock: Clock,
  log: Logger,
  retention: { staleRegistrationMs: number; sessionRetentionMs: number },
): Housekeeping {
  return new Housekeeping(
    database,
    new UserStore(),
    new RateLimitCounterStore(),
    new SessionStore(),
    new PhoneChangeStore(),
    new SmsQueueStore(),
    clock,
    log,
    retention,
  );
}
