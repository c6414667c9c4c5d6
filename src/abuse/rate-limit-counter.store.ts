import { execute } from '../db/dialect';
import type { Db } from '../db/handles';
import { RateLimitCounter } from './rate-limit-counter.entity';

/**
 * Every statement on `rate_limit_counters`. Columns are qualified with the table inside the
 * upsert: PostgreSQL reads a bare `window_start` there as ambiguous with `excluded`'s.
 */
export class RateLimitCounterStore {
  /** Counts one event in the key's window, opening a new window once `expiredBefore` has passed. */
  async hit(db: Db, key: string, now: number, expiredBefore: number): Promise<{ count: number; windowStart: number }> {
    const [row] = await execute<{ count: number | string; window_start: number | string }[]>(
      db,
      `insert into rate_limit_counters (key, window_start, count) values (?, ?, 1)
       on conflict (key) do update set
         count = case when rate_limit_counters.window_start <= ? then 1 else rate_limit_counters.count + 1 end,
         window_start = case when rate_limit_counters.window_start <= ? then excluded.window_start else rate_limit_counters.window_start end
       returning count, window_start`,
      [key, now, expiredBefore, expiredBefore],
    );
    // pg hands bigint columns back as strings.
    return { count: Number(row.count), windowStart: Number(row.window_start) };
  }

  async read(db: Db, key: string): Promise<{ count: number; windowStart: number } | null> {
    const row = await db.em.findOne(RateLimitCounter, { key }, { disableIdentityMap: true });
    return row && { count: row.count, windowStart: row.windowStart };
  }

  async refund(db: Db, key: string): Promise<void> {
    await execute(
      db,
      'update rate_limit_counters set count = case when count > 0 then count - 1 else 0 end where key = ?',
      [key],
      'run',
    );
  }

  async clear(db: Db, key: string): Promise<void> {
    await db.em.nativeDelete(RateLimitCounter, { key });
  }

  prune(db: Db, windowStartedBefore: number): Promise<number> {
    return db.em.nativeDelete(RateLimitCounter, { windowStart: { $lt: windowStartedBefore } });
  }
}
