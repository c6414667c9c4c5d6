import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** One fixed-window counter, shared by every server instance that uses the database. */
@Entity({ tableName: 'rate_limit_counters' })
export class RateLimitCounter {
  /** `<limit name>:<subject>`, e.g. `login-failures-account:ada@example.com`. */
  @PrimaryKey({ type: 'string' })
  key!: string;

  /** Epoch milliseconds of the first hit in the current window. */
  @Property({ type: 'integer', index: 'rate_limit_counters_window_start_index' })
  windowStart!: number;

  @Property({ type: 'integer' })
  count!: number;
}
