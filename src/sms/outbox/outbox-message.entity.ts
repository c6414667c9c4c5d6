import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { CODE_CHANNELS, type CodeChannel } from '../channels';

/** A text message or call "sent" by the development outbox transport, readable at GET /dev/outbox. */
@Entity({ tableName: 'dev_outbox_messages' })
export class OutboxMessage {
  /** Increasing, so "newest first" holds even for messages written in the same millisecond. */
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', index: 'dev_outbox_messages_to_index' })
  to!: string;

  /** For a call, the words it says. */
  @Property({ type: 'text' })
  body!: string;

  @Enum({ items: [...CODE_CHANNELS], type: 'string', default: 'sms' })
  channel: CodeChannel = 'sms';

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
