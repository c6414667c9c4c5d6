import { execute } from '../../db/dialect';
import type { Db, Tx } from '../../db/handles';
import type { TextMessage } from '../sms-transport';
import { User } from '../../users/user.entity';
import { QueuedSms } from './queued-sms.entity';
import { SmsDeliveryAttempt } from './sms-delivery-attempt.entity';

/** How an attempt leaves a message: sent, failed for good, or pending a later attempt. */
export type Outcome = Partial<Pick<QueuedSms, 'status' | 'sentAt' | 'lastError' | 'nextAttemptAt'>>;

/** A message as the queue holds it between claims. */
export type PendingSms = Pick<QueuedSms, 'id' | 'to' | 'body' | 'attempts' | 'createdAt'>;

/** A message a worker claimed for one attempt, already on record as that attempt. */
export interface ClaimedSms extends PendingSms {
  attemptId: number;
}

/** What an attempt row says until its send reports back; it stays so if the process dies meanwhile. */
export const NO_OUTCOME = 'no outcome recorded: the process stopped during the send';

/** Every statement on `sms_queue` and `sms_delivery_attempts`. */
export class SmsQueueStore {
  /** In the transaction of what the message announces, so both commit or neither does. */
  async enqueue(tx: Tx, message: TextMessage, userId: string, now: Date): Promise<PendingSms> {
    const queued = Object.assign(new QueuedSms(), {
      to: message.to,
      body: message.body,
      user: tx.em.getReference(User, userId),
      nextAttemptAt: now,
      createdAt: now,
    });
    queued.id = await tx.em.insert(queued);
    return queued;
  }

  /**
   * Claims one message for an attempt until `leaseUntil`, if it is still due and no other worker
   * claimed it since it was read (its attempt count is the version), and records the attempt: in
   * one transaction, so no message is claimed without its attempt on record.
   */
  async claim(tx: Tx, message: PendingSms, now: Date, leaseUntil: Date): Promise<ClaimedSms | null> {
    const attempts = message.attempts + 1;
    const claimed = await tx.em.nativeUpdate(
      QueuedSms,
      { id: message.id, status: 'pending', attempts: message.attempts, nextAttemptAt: { $lte: now } },
      { attempts, nextAttemptAt: leaseUntil },
    );
    if (claimed !== 1) return null;
    return { ...message, attempts, attemptId: await this.startAttempt(tx, message.id, now) };
  }

  /**
   * Claims the oldest due message, if any, in one statement, and records the attempt. On
   * PostgreSQL the row is locked while it is claimed and instances skip each other's, so each
   * message goes to one worker. In one transaction with the attempt, as claim() is.
   */
  async claimDue(tx: Tx, now: Date, leaseUntil: Date): Promise<ClaimedSms | null> {
    const { dialect } = tx;
    const [row] = await execute<
      { id: number; to: string; body: string; attempts: number; created_at: string | number }[]
    >(
      tx,
      `with due as (
         select id from sms_queue where status = 'pending' and next_attempt_at <= ? order by id limit 1${dialect.skipLocked}
       )
       update sms_queue set next_attempt_at = ?, attempts = attempts + 1 where id in (select id from due)
       returning id, "to", body, attempts, created_at`,
      [dialect.time(now), dialect.time(leaseUntil)],
    );
    if (!row) return null;
    const id = Number(row.id);
    return {
      id,
      to: row.to,
      body: row.body,
      attempts: Number(row.attempts),
      createdAt: new Date(row.created_at),
      attemptId: await this.startAttempt(tx, id, now),
    };
  }

  /**
   * The outcome of a claimed attempt, on the message and on its attempt row, in one transaction:
   * the log never says "delivered" for a message still due for another send, nor the reverse.
   */
  async finish(
    tx: Tx,
    message: ClaimedSms,
    update: Outcome,
    outcome: { delivered: boolean; error: string | null; providerSid: string | null },
  ): Promise<boolean> {
    const em = tx.em;
    await em.nativeUpdate(SmsDeliveryAttempt, { id: message.attemptId }, outcome);
    // Unless a newer claim owns the message by now (this send outlived its lease).
    return (await em.nativeUpdate(QueuedSms, { id: message.id, attempts: message.attempts }, update)) === 1;
  }

  /** A claimed message not tried after all (the global cap): its attempt undone, due again at `retryAt`. */
  async release(tx: Tx, message: ClaimedSms, retryAt: Date): Promise<void> {
    const em = tx.em;
    await em.nativeDelete(SmsDeliveryAttempt, { id: message.attemptId });
    await em.nativeUpdate(
      QueuedSms,
      { id: message.id, attempts: message.attempts },
      { attempts: message.attempts - 1, nextAttemptAt: retryAt },
    );
  }

  /** Pending messages queued before `before`, not held by a worker now: given up. Answers how many. */
  giveUpQueuedBefore(db: Db, before: Date, now: Date): Promise<number> {
    return db.em.nativeUpdate(
      QueuedSms,
      { status: 'pending', createdAt: { $lt: before }, nextAttemptAt: { $lte: now } },
      { status: 'failed', lastError: 'given up: older than SMS_GIVE_UP_AFTER_HOURS' },
    );
  }

  /** Messages sent or given up before `before`, with their attempts: they hold phone numbers and texts, and nothing needs them. */
  pruneFinished(db: Db, before: Date): Promise<number> {
    return db.em.nativeDelete(QueuedSms, { status: { $in: ['sent', 'failed'] }, createdAt: { $lt: before } });
  }

  /** The newest `limit` messages queued to a number, each with its attempts, oldest attempt first: an operator's timeline. */
  async toNumber(
    db: Db,
    phone: string,
    limit: number,
  ): Promise<{ message: QueuedSms; attempts: SmsDeliveryAttempt[] }[]> {
    const messages = await db.em.find(QueuedSms, { to: phone }, { orderBy: { id: 'desc' }, limit });
    if (messages.length === 0) return [];
    const attempts = await db.em.find(
      SmsDeliveryAttempt,
      { message: { $in: messages.map((message) => message.id) } },
      { orderBy: { id: 'asc' } },
    );
    return messages.map((message) => ({
      message,
      attempts: attempts.filter((attempt) => attempt.message.id === message.id),
    }));
  }

  private startAttempt(tx: Tx, messageId: number, now: Date): Promise<number> {
    return tx.em.insert(SmsDeliveryAttempt, {
      message: messageId,
      attemptedAt: now,
      delivered: false,
      error: NO_OUTCOME,
    });
  }

  /** How many messages wait for delivery, and since when the oldest does: for the queue's gauges. */
  async depth(db: Db): Promise<{ pending: number; oldestCreatedAt: Date | null }> {
    const [row] = await execute<{ pending: number | string; oldest: number | string | Date | null }[]>(
      db,
      `select count(*) as pending, min(created_at) as oldest from sms_queue where status = 'pending'`,
    );
    return { pending: Number(row.pending), oldestCreatedAt: row.oldest === null ? null : new Date(row.oldest) };
  }
}
