import { RateLimiter, type Limit, type LimitResult, type RateLimiterDeps } from './rate-limiter';
import type { Metrics } from '../metrics/metrics';

/** The rate limiter, counting each refusal by the limit's name (`register-ip`, `login-lockout`, …), never by subject. */
export class CountedRateLimiter extends RateLimiter {
  private readonly metrics: Metrics;

  constructor(deps: RateLimiterDeps & { metrics: Metrics }) {
    super(deps);
    this.metrics = deps.metrics;
  }

  override async hit(limit: Limit, subject: string): Promise<LimitResult> {
    const result = await super.hit(limit, subject);
    if (!result.ok) this.metrics.rateLimitRefusal(limit.name);
    return result;
  }
}
