import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

export type WebhookStatus = 'pending' | 'delivered' | 'failed';

/**
 * One event for one endpoint: written in the transaction of the change it reports (an outbox),
 * then delivered by the worker with retries. The id is the `webhook-id` every retry repeats.
 */
@Entity({ tableName: 'webhook_events' })
export class WebhookEventRow {
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Property({ type: 'text' })
  endpoint!: string;

  @Property({ type: 'text' })
  type!: string;

  /** The body as signed: `{ "type", "timestamp", "data" }`. */
  @Property({ type: 'text' })
  payload!: string;

  @Enum({ items: ['pending', 'delivered', 'failed'], type: 'string', index: 'webhook_events_status_index' })
  status: WebhookStatus = 'pending';

  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  /** When the next attempt may start; a worker that claims the event pushes it out as a lease. */
  @Property({ type: 'datetime' })
  nextAttemptAt!: Date;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  deliveredAt: Date | null = null;
}
