import type { RateLimitCounterStore } from './rate-limit-counter.store';
import { RateLimiter, type Limit, type LimitResult } from './rate-limiter';
import type { Db } from '../db/handles';
import type { Clock } from '../shared/clock';
import type { Metrics } from '../metrics/metrics';

/** The rate limiter, counting each refusal by the limit's name (`register-ip`, `login-lockout`, …), never by subject. */
export class CountedRateLimiter extends RateLimiter {
  constructor(
    db: Db,
    counters: RateLimitCounterStore,
    secret: string,
    clock: Clock,
    private readonly metrics: Metrics,
  ) {
    super(db, counters, secret, clock);
  }

  override async hit(limit: Limit, subject: string): Promise<LimitResult> {
    const result = await super.hit(limit, subject);
    if (!result.ok) this.metrics.rateLimitRefusal(limit.name);
    return result;
  }
}
