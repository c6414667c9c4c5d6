import { execute } from '../../db/dialect';
import type { Db } from '../../db/handles';
import { SmsGuardCount } from './guard-count.entity';
import { COUNTRY_HOUR_PREFIX, type CountKey } from './guard-keys';

export interface CountDelta extends CountKey {
  sent: number;
  verified: number;
  spend: number;
}

export type CountRow = CountDelta;

type RawRow = Record<keyof CountRow, string | number>;

/** The rows a decision reads: hour rows of some keys since one time, day rows of others since another, one spend row. */
export interface CountQuery {
  hourKeys: string[];
  hoursSince: number;
  dayKeys: string[];
  daysSince: number;
  spend?: CountKey;
}

/**
 * Every statement on `sms_guard_counts`. Columns are qualified with the table inside the upsert,
 * where PostgreSQL reads a bare name as ambiguous with `excluded`'s.
 */
export class GuardCountStore {
  /**
   * Adds each delta to its row in one statement, creating the rows it lacks: atomic on both
   * databases, so instances counting at once all count. Rows go in key order, so that two
   * statements on PostgreSQL lock the rows they share in the same order and cannot deadlock.
   */
  async add(db: Db, deltas: CountDelta[]): Promise<void> {
    const sorted = [...deltas].sort(compareKeys);
    await execute(
      db,
      `insert into sms_guard_counts (key, bucket, dest, sent, verified, spend)
       values ${sorted.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
       on conflict (key, bucket, dest) do update set
         sent = sms_guard_counts.sent + excluded.sent,
         verified = sms_guard_counts.verified + excluded.verified,
         spend = sms_guard_counts.spend + excluded.spend`,
      sorted.flatMap((row) => [row.key, row.bucket, row.dest, row.sent, row.verified, row.spend]),
      'run',
    );
  }

  async read(db: Db, query: CountQuery): Promise<CountRow[]> {
    const conditions = [
      `(key in (${marks(query.hourKeys)}) and bucket >= ?)`,
      `(key in (${marks(query.dayKeys)}) and bucket >= ?)`,
    ];
    const params: unknown[] = [...query.hourKeys, query.hoursSince, ...query.dayKeys, query.daysSince];
    if (query.spend) {
      conditions.push('(key = ? and bucket = ? and dest = ?)');
      params.push(query.spend.key, query.spend.bucket, query.spend.dest);
    }
    const rows = await execute<RawRow[]>(
      db,
      `select key, bucket, dest, sent, verified, spend from sms_guard_counts where ${conditions.join(' or ')}`,
      params,
    );
    // pg hands bigint columns back as strings.
    return rows.map((row) => ({
      key: String(row.key),
      bucket: Number(row.bucket),
      dest: String(row.dest),
      sent: Number(row.sent),
      verified: Number(row.verified),
      spend: Number(row.spend),
    }));
  }

  /** Codes sent and entered per country since `since`, from the countries' hour rows. */
  async byCountry(db: Db, since: number): Promise<{ country: string; sent: number; verified: number }[]> {
    const rows = await execute<{ key: string; sent: number | string; verified: number | string }[]>(
      db,
      `select key, sum(sent) as sent, sum(verified) as verified from sms_guard_counts
       where key like ? and bucket >= ? group by key`,
      [`${COUNTRY_HOUR_PREFIX}%`, since],
    );
    return rows.map((row) => ({
      country: row.key.slice(COUNTRY_HOUR_PREFIX.length),
      sent: Number(row.sent),
      verified: Number(row.verified),
    }));
  }

  /** Deletes hour rows that started before `hoursBefore`, and every row that started before `daysBefore`. */
  async prune(db: Db, hoursBefore: number, daysBefore: number): Promise<number> {
    const hours = await db.em.nativeDelete(SmsGuardCount, { key: { $like: 'h:%' }, bucket: { $lt: hoursBefore } });
    return hours + (await db.em.nativeDelete(SmsGuardCount, { bucket: { $lt: daysBefore } }));
  }
}

const marks = (values: unknown[]) => values.map(() => '?').join(', ');

function compareKeys(a: CountKey, b: CountKey): number {
  return a.key < b.key
    ? -1
    : a.key > b.key
      ? 1
      : a.bucket - b.bucket || (a.dest < b.dest ? -1 : a.dest > b.dest ? 1 : 0);
}
