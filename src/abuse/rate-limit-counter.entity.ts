import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** One fixed-window counter, shared by every server instance that uses the database. */
@Entity({ tableName: 'rate_limit_counters' })
export class RateLimitCounter {
  /** `<limit name>:<HMAC-SHA-256 of the subject under APP_SECRET>`; the subject is an IP, a phone or an email. */
  @PrimaryKey({ type: 'text' })
  key!: string;

  /** Epoch milliseconds of the first hit in the current window. */
  @Property({ type: new BigIntType('number'), index: 'rate_limit_counters_window_start_index' })
  windowStart!: number;

  @Property({ type: 'integer' })
  count!: number;
}
