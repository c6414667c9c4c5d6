import { execute } from '../../db/dialect';
import type { Db } from '../../db/handles';
import { SmsGuardCount } from './guard-count.entity';
import {
  CLIENT_PREFIX,
  COUNTRY_HOUR_PREFIX,
  HOUR_PREFIX,
  PREFIX_HOUR_PREFIX,
  SPEND_PREFIX,
  UNBLOCK_PREFIX,
  type CountKey,
} from './guard-keys';

export interface CountDelta extends CountKey {
  sent: number;
  verified: number;
  spend: number;
  /** A country mark to add to the row's set of countries asked for, or ''. */
  asked: string;
  /** A country mark to add to the row's set of countries where a code was entered, or ''. */
  entered: string;
}

export type CountRow = CountDelta;

type RawRow = Record<keyof CountRow, string | number>;

const COLUMNS = 'key, bucket, dest, sent, verified, spend, asked, entered';

/** Adds a mark to a set column unless it is there: `like` and `||` read the same on both databases. */
const addMark = (column: string) =>
  `${column} = case when excluded.${column} = '' or (sms_guard_counts.${column} like ('%' || excluded.${column} || '%'))
     then sms_guard_counts.${column} else sms_guard_counts.${column} || excluded.${column} end`;

/**
 * Every statement on `sms_guard_counts`. Columns are qualified with the table inside the upsert,
 * where PostgreSQL reads a bare name as ambiguous with `excluded`'s.
 */
export class GuardCountStore {
  /**
   * Adds each delta to its row in one statement, creating the rows it lacks, and answers the rows
   * as they are now: atomic on both databases, so instances counting at once each see the
   * others' counts. Rows go in key order, so that two statements on PostgreSQL lock the rows they
   * share in the same order and cannot deadlock.
   */
  async add(db: Db, deltas: CountDelta[]): Promise<CountRow[]> {
    const sorted = [...deltas].sort(compareKeys);
    const rows = await execute<RawRow[]>(
      db,
      `insert into sms_guard_counts (${COLUMNS})
       values ${sorted.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
       on conflict (key, bucket, dest) do update set
         sent = sms_guard_counts.sent + excluded.sent,
         verified = sms_guard_counts.verified + excluded.verified,
         spend = sms_guard_counts.spend + excluded.spend,
         ${addMark('asked')},
         ${addMark('entered')}
       returning ${COLUMNS}`,
      sorted.flatMap((row) => [
        row.key,
        row.bucket,
        row.dest,
        row.sent,
        row.verified,
        row.spend,
        row.asked,
        row.entered,
      ]),
    );
    return rows.map(rowOf);
  }

  /** The hour rows of `keys` from `since` up to the current hour, `until`: the closed buckets a decision reads. */
  async closed(db: Db, query: { keys: string[]; since: number; until: number }): Promise<CountRow[]> {
    const rows = await execute<RawRow[]>(
      db,
      `select ${COLUMNS} from sms_guard_counts where key in (${marks(query.keys)}) and bucket >= ? and bucket < ?`,
      [...query.keys, query.since, query.until],
    );
    return rows.map(rowOf);
  }

  /** Codes sent and entered per country since `since`, from the countries' hour rows. */
  async byCountry(db: Db, since: number): Promise<{ country: string; sent: number; verified: number }[]> {
    return (await this.sums(db, COUNTRY_HOUR_PREFIX, since)).map(({ key, ...counts }) => ({ country: key, ...counts }));
  }

  /** Codes sent and entered per prefix since `since`, from the prefixes' hour rows. */
  async byPrefix(db: Db, since: number): Promise<{ prefix: string; sent: number; verified: number }[]> {
    return (await this.sums(db, PREFIX_HOUR_PREFIX, since)).map(({ key, ...counts }) => ({ prefix: key, ...counts }));
  }

  /** The hour rows of one kind summed per key since `since`, the kind's prefix taken off the key. */
  private async sums(db: Db, kind: string, since: number): Promise<{ key: string; sent: number; verified: number }[]> {
    const rows = await execute<{ key: string; sent: number | string; verified: number | string }[]>(
      db,
      `select key, sum(sent) as sent, sum(verified) as verified from sms_guard_counts
       where key like ? and bucket >= ? group by key`,
      [`${kind}%`, since],
    );
    return rows.map((row) => ({
      key: row.key.slice(kind.length),
      sent: Number(row.sent),
      verified: Number(row.verified),
    }));
  }

  /** Every destination's hour rows from `since`: what the admin API's list of blocked destinations judges. */
  async hourRows(db: Db, since: number): Promise<CountRow[]> {
    const rows = await execute<RawRow[]>(
      db,
      `select ${COLUMNS} from sms_guard_counts where key like ? and bucket >= ?`,
      [`${HOUR_PREFIX}%`, since],
    );
    return rows.map(rowOf);
  }

  /** Which of these unblock keys have a row for `day`. */
  async present(db: Db, keys: string[], day: number): Promise<Set<string>> {
    const rows = await execute<{ key: string }[]>(
      db,
      `select key from sms_guard_counts where key in (${marks(keys)}) and bucket = ?`,
      [...keys, day],
    );
    return new Set(rows.map((row) => row.key));
  }

  /** Deletes client, spend and unblock rows that started before `dayBefore`, and hour rows that started before `historyBefore`. */
  async prune(db: Db, dayBefore: number, historyBefore: number): Promise<number> {
    const older = (prefix: string, before: number) =>
      db.em.nativeDelete(SmsGuardCount, { key: { $like: `${prefix}%` }, bucket: { $lt: before } });
    return (
      (await older(CLIENT_PREFIX, dayBefore)) +
      (await older(SPEND_PREFIX, dayBefore)) +
      (await older(UNBLOCK_PREFIX, dayBefore)) +
      (await older(HOUR_PREFIX, historyBefore))
    );
  }
}

const marks = (values: unknown[]) => values.map(() => '?').join(', ');

/** pg hands bigint columns back as strings. */
function rowOf(row: RawRow): CountRow {
  return {
    key: String(row.key),
    bucket: Number(row.bucket),
    dest: String(row.dest),
    sent: Number(row.sent),
    verified: Number(row.verified),
    spend: Number(row.spend),
    asked: String(row.asked),
    entered: String(row.entered),
  };
}

function compareKeys(a: CountKey, b: CountKey): number {
  return a.key < b.key
    ? -1
    : a.key > b.key
      ? 1
      : a.bucket - b.bucket || (a.dest < b.dest ? -1 : a.dest > b.dest ? 1 : 0);
}
