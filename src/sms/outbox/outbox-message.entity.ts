import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A text message "sent" by the development outbox transport, readable at GET /dev/outbox. */
@Entity({ tableName: 'dev_outbox_messages' })
export class OutboxMessage {
  /** Increasing, so "newest first" holds even for messages written in the same millisecond. */
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', index: 'dev_outbox_messages_to_index' })
  to!: string;

  @Property({ type: 'text' })
  body!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
