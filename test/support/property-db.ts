import { execute } from '../../src/db/dialect';
import type { Db } from '../../src/db/handles';

/**
 * Every table a request could write to, except `rate_limit_counters`: each attempt legitimately
 * counts against a limit, accepted or not, so that table is left out on purpose.
 */
export const WATCHED_TABLES = [
  'users',
  'sessions',
  'verification_codes',
  'dev_outbox_messages',
  'sms_queue',
  'sms_delivery_attempts',
  'phone_changes',
] as const;
export type WatchedTable = (typeof WATCHED_TABLES)[number];

export interface DbSnapshot {
  counts: Record<WatchedTable, number>;
  /** Every row of `users` and `sessions` (but a session's last use), serialized: a refused request must not touch an account or a session. */
  accounts: string;
}

export async function snapshotDb(db: Db): Promise<DbSnapshot> {
  const counts = {} as Record<WatchedTable, number>;
  for (const table of WATCHED_TABLES) {
    const [row] = await execute<{ n: number | string }[]>(db, `select count(*) as n from ${table}`);
    counts[table] = Number(row.n);
  }
  const users = await execute(db, 'select * from users order by id');
  // Every column but last_used_at, which any use of a session may write (once a minute).
  const sessions = await execute(
    db,
    'select id, token_hash, user_id, created_at, expires_at, revoked_at, user_agent from sessions order by id',
  );
  return { counts, accounts: JSON.stringify({ users, sessions }) };
}

/** Row-count changes between two snapshots, listing only the tables that changed. */
export function countDelta(before: DbSnapshot, after: DbSnapshot): Partial<Record<WatchedTable, number>> {
  const delta: Partial<Record<WatchedTable, number>> = {};
  for (const table of WATCHED_TABLES) {
    const change = after.counts[table] - before.counts[table];
    if (change !== 0) delta[table] = change;
  }
  return delta;
}
