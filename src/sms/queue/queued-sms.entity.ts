import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { User } from '../../users/user.entity';

export type QueuedSmsStatus = 'pending' | 'sent' | 'failed';

/**
 * A text message that must not be lost (the signup confirmation). Written in the same transaction
 * as what it announces, then delivered with retries, so a crash or an outage only delays it.
 */
@Entity({ tableName: 'sms_queue' })
export class QueuedSms {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string' })
  to!: string;

  /** Whose account the message is about: deleting the account deletes its messages. */
  @ManyToOne(() => User, { deleteRule: 'cascade', nullable: true, index: 'sms_queue_user_index' })
  user: Rel<User> | null = null;

  @Property({ type: 'text' })
  body!: string;

  @Enum({ items: ['pending', 'sent', 'failed'], type: 'string', index: 'sms_queue_status_index' })
  status: QueuedSmsStatus = 'pending';

  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  /** When the next attempt may start; a worker that claims the message pushes it out as a lease. */
  @Property({ type: 'datetime' })
  nextAttemptAt!: Date;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  sentAt: Date | null = null;
}
