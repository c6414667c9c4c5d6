import type { Database } from '../db/database';
import type { Metrics } from '../metrics/metrics';
import type { Clock } from '../shared/clock';
import { CountedRateLimiter } from './counted-rate-limiter';
import type { Limits } from './limits';
import { RateLimitCounterStore } from './rate-limit-counter.store';
import { Throttle } from './throttle';

export interface AbuseDeps {
  /** The secret keys the counters, so their keys cannot be matched against guessed subjects. */
  config: { limits: Limits; appSecret: string };
  database: Database;
  phones: { isTestNumber(phone: string): boolean };
  clock: Clock;
  metrics: Metrics;
}

/** The limits every flow counts against, kept in the database so that instances count together. */
export function wireAbuse({ config, database, phones, clock, metrics }: AbuseDeps): Throttle {
  const counters = new RateLimitCounterStore();
  const limiter = new CountedRateLimiter({ db: database.db, counters, secret: config.appSecret, clock, metrics });
  return new Throttle({ limiter, limits: config.limits, isTestNumber: phones.isTestNumber });
}
