import { execute } from '../../db/dialect';
import type { Db, Tx } from '../../db/handles';
import type { SmsMessage } from '../sms-transport';
import { QueuedSms } from './queued-sms.entity';
import { SmsDeliveryAttempt } from './sms-delivery-attempt.entity';

/** What a worker needs of a claimed message. */
export type ClaimedSms = Pick<QueuedSms, 'id' | 'to' | 'body' | 'attempts'>;

/** Every statement on `sms_queue` and `sms_delivery_attempts`. */
export class SmsQueueStore {
  /** In the transaction of what the message announces, so both commit or neither does. */
  async enqueue(tx: Tx, message: SmsMessage, now: Date): Promise<ClaimedSms> {
    const queued = Object.assign(new QueuedSms(), { ...message, nextAttemptAt: now, createdAt: now });
    queued.id = await tx.em.insert(queued);
    return queued;
  }

  /**
   * Claims one message for an attempt until `leaseUntil`, if it is still due and no other worker
   * claimed it since it was read: its attempt count is the version.
   */
  async claim(db: Db, message: ClaimedSms, now: Date, leaseUntil: Date): Promise<boolean> {
    const claimed = await db.em.nativeUpdate(
      QueuedSms,
      { id: message.id, status: 'pending', attempts: message.attempts, nextAttemptAt: { $lte: now } },
      { nextAttemptAt: leaseUntil },
    );
    return claimed === 1;
  }

  /**
   * Claims up to `limit` due messages in one statement. On PostgreSQL the rows are locked while
   * they are claimed and instances skip each other's, so each message goes to one worker.
   */
  async claimDue(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedSms[]> {
    const { dialect } = db;
    const rows = await execute<{ id: number; to: string; body: string; attempts: number }[]>(
      db,
      `with due as (
         select id from sms_queue where status = 'pending' and next_attempt_at <= ? order by id limit ?${dialect.skipLocked}
       )
       update sms_queue set next_attempt_at = ? where id in (select id from due)
       returning id, "to", body, attempts`,
      [dialect.time(now), limit, dialect.time(leaseUntil)],
    );
    return rows.map((row) => ({ id: Number(row.id), to: row.to, body: row.body, attempts: Number(row.attempts) }));
  }

  /** The outcome of one attempt and its row in the attempt log. */
  async record(db: Db, id: number, update: Partial<QueuedSms> & { attempts: number }, attempt: { attemptedAt: Date; delivered: boolean; error: string | null }): Promise<void> {
    const em = db.em;
    await em.nativeUpdate(QueuedSms, { id }, update);
    await em.insert(SmsDeliveryAttempt, { message: id, ...attempt });
  }

  /** How many messages wait for delivery, and since when the oldest does: for the queue's gauges. */
  async depth(db: Db): Promise<{ pending: number; oldestCreatedAt: Date | null }> {
    const [row] = await execute<{ pending: number | string; oldest: number | string | Date | null }[]>(db, `select count(*) as pending, min(created_at) as oldest from sms_queue where status = 'pending'`);
    return { pending: Number(row.pending), oldestCreatedAt: row.oldest === null ? null : new Date(row.oldest) };
  }
}
