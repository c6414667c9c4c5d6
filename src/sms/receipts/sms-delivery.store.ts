import { execute } from '../../db/dialect';
import type { Db } from '../../db/handles';
import type { CodeChannel } from '../channels';
import { MISSED, REACHED } from './delivery-status';
import { SmsDelivery } from './sms-delivery.entity';

export interface DeliveryRow {
  sid: string;
  channel: CodeChannel;
  country: string;
  status: string;
  statusRank: number;
  errorCode: number | null;
  at: Date;
}

/** What happened to one country's messages or calls on a channel since some moment. */
export interface CountryDelivery {
  country: string;
  /** Handed to Twilio, whatever became of them. */
  sent: number;
  /** Reported delivered (read, for WhatsApp; answered, for a call). */
  delivered: number;
  /** Reported undelivered or failed (busy, unanswered, for a call). */
  missed: number;
  /** delivered / (delivered + missed); null until some have a final status. */
  deliveryRate: number | null;
}

/** Where a status moved on, or a text was marked as a code's: whether it carried a code, its status, when it went. */
export interface DeliveryState {
  carriesCode: boolean;
  status: string;
  createdAt: Date;
}

type RawState = { carries_code: boolean | number; status: string; created_at: Date | string | number };

const list = (statuses: string[]) => statuses.map((status) => `'${status}'`).join(', ');

/**
 * Every statement on `sms_deliveries`. Columns are qualified with the table inside the upsert,
 * where PostgreSQL reads a bare name as ambiguous with `excluded`'s.
 */
export class SmsDeliveryStore {
  /** A message just handed to Twilio; a receipt that came first has already made the row, and stands. */
  async recordSent(db: Db, row: DeliveryRow): Promise<void> {
    await execute(
      db,
      `insert into sms_deliveries (sid, channel, country, status, status_rank, error_code, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (sid) do nothing`,
      this.values(db, row),
      'run',
    );
  }

  /**
   * A receipt's status, where it moves the row on: in one statement, so that of two instances
   * taking receipts for one message at once, each change applies once. The row as it is now when
   * it applied, else null.
   */
  async recordStatus(db: Db, row: DeliveryRow): Promise<DeliveryState | null> {
    const applied = await execute<RawState[]>(
      db,
      `insert into sms_deliveries (sid, channel, country, status, status_rank, error_code, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (sid) do update set
         status = excluded.status,
         status_rank = excluded.status_rank,
         error_code = excluded.error_code,
         updated_at = excluded.updated_at
       where sms_deliveries.status_rank < excluded.status_rank
       returning carries_code, status, created_at`,
      this.values(db, row),
    );
    return applied.length === 1 ? stateOf(applied[0]) : null;
  }

  /**
   * Marks the text `sid` as a code's, and answers the row as it is then (null without one). A
   * receipt and the mark take the row's lock in turn, so of the two, exactly one sees the other:
   * a code's text reported undelivered is seen so once, whichever came first.
   */
  async markCode(db: Db, sid: string): Promise<DeliveryState | null> {
    const rows = await execute<RawState[]>(
      db,
      `update sms_deliveries set carries_code = true where sid = ? and carries_code = false
       returning carries_code, status, created_at`,
      [sid],
    );
    return rows.length === 1 ? stateOf(rows[0]) : null;
  }

  async statusOf(db: Db, sid: string): Promise<Pick<SmsDelivery, 'channel' | 'status' | 'errorCode'> | null> {
    return db.em.findOne(SmsDelivery, { sid }, { fields: ['channel', 'status', 'errorCode'] });
  }

  /** Each country's messages (or calls) on `channel` handed on since `since`, and what became of them. */
  async byCountry(db: Db, channel: CodeChannel, since: Date): Promise<CountryDelivery[]> {
    const rows = await execute<
      { country: string; sent: number | string; delivered: number | string; missed: number | string }[]
    >(
      db,
      `select country, count(*) as sent,
         sum(case when status in (${list(REACHED)}) then 1 else 0 end) as delivered,
         sum(case when status in (${list(MISSED)}) then 1 else 0 end) as missed
       from sms_deliveries where channel = ? and created_at >= ? group by country order by country`,
      [channel, db.dialect.time(since)],
    );
    // pg hands counts and sums back as strings.
    return rows.map((row) => {
      const delivered = Number(row.delivered);
      const missed = Number(row.missed);
      return {
        country: row.country,
        sent: Number(row.sent),
        delivered,
        missed,
        deliveryRate: delivered + missed > 0 ? delivered / (delivered + missed) : null,
      };
    });
  }

  /** Rows of messages handed on before `before`: nothing reads them any more. */
  /** The receipts recorded for these messages or calls, by Twilio's id. */
  async bySids(db: Db, sids: string[]): Promise<Map<string, SmsDelivery>> {
    if (sids.length === 0) return new Map();
    const rows = await db.em.find(SmsDelivery, { sid: { $in: sids } });
    return new Map(rows.map((row) => [row.sid, row]));
  }

  prune(db: Db, before: Date): Promise<number> {
    return db.em.nativeDelete(SmsDelivery, { createdAt: { $lt: before } });
  }

  private values(db: Db, row: DeliveryRow): unknown[] {
    const at = db.dialect.time(row.at);
    return [row.sid, row.channel, row.country, row.status, row.statusRank, row.errorCode, at, at];
  }
}

/** SQLite answers a boolean as 0 or 1 and a time as it was written; pg as a boolean and a Date. */
function stateOf(row: RawState): DeliveryState {
  const at = row.created_at;
  return {
    carriesCode: row.carries_code === true || row.carries_code === 1,
    status: row.status,
    createdAt: at instanceof Date ? at : new Date(typeof at === 'string' && /^\d+$/.test(at) ? Number(at) : at),
  };
}
