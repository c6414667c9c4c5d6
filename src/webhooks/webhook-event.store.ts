import { execute } from '../db/dialect';
import type { Db, Tx } from '../db/handles';
import { WebhookEventRow } from './webhook-event.entity';

/** An event a worker claimed for one attempt. */
export type ClaimedEvent = Pick<WebhookEventRow, 'id' | 'endpoint' | 'payload' | 'attempts' | 'createdAt'>;

/** Every statement on `webhook_events`. */
export class WebhookEventStore {
  async enqueue(tx: Tx, rows: WebhookEventRow[]): Promise<void> {
    if (rows.length > 0) await tx.em.insertMany(rows);
  }

  /**
   * Claims the oldest due event, if any, in one statement, until `leaseUntil`. On PostgreSQL the
   * row is locked while it is claimed and instances skip each other's, so each goes to one worker.
   */
  async claimDue(tx: Tx, now: Date, leaseUntil: Date): Promise<ClaimedEvent | null> {
    const { dialect } = tx;
    const [row] = await execute<
      { id: string; endpoint: string; payload: string; attempts: number; created_at: string | number }[]
    >(
      tx,
      `with due as (
         select id from webhook_events where status = 'pending' and next_attempt_at <= ? order by created_at, id limit 1${dialect.skipLocked}
       )
       update webhook_events set next_attempt_at = ?, attempts = attempts + 1 where id in (select id from due)
       returning id, endpoint, payload, attempts, created_at`,
      [dialect.time(now), dialect.time(leaseUntil)],
    );
    if (!row) return null;
    return { ...row, attempts: Number(row.attempts), createdAt: new Date(row.created_at) };
  }

  /** The attempt's outcome, unless a newer claim owns the event by now (this one outlived its lease). */
  async finish(db: Db, event: ClaimedEvent, update: Partial<WebhookEventRow>): Promise<void> {
    await db.em.nativeUpdate(WebhookEventRow, { id: event.id, attempts: event.attempts }, update);
  }

  /** When the oldest pending event was written, or null when none is pending. */
  async oldestPending(db: Db): Promise<Date | null> {
    const [row] = await db.em.find(WebhookEventRow, { status: 'pending' }, { orderBy: { createdAt: 'asc' }, limit: 1 });
    return row ? new Date(row.createdAt) : null;
  }

  /** Events delivered or given up before `before`: their bodies name people, and nothing needs them. */
  pruneFinished(db: Db, before: Date): Promise<number> {
    return db.em.nativeDelete(WebhookEventRow, { status: { $ne: 'pending' }, createdAt: { $lt: before } });
  }
}
