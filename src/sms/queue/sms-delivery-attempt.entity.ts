import { Entity, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { QueuedSms } from './queued-sms.entity';

/** One try at delivering a queued message, kept so an operator can see what happened and when. */
@Entity({ tableName: 'sms_delivery_attempts' })
export class SmsDeliveryAttempt {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => QueuedSms, { deleteRule: 'cascade', index: 'sms_delivery_attempts_message_index' })
  message!: Rel<QueuedSms>;

  @Property({ type: 'datetime' })
  attemptedAt!: Date;

  @Property({ type: 'boolean' })
  delivered!: boolean;

  @Property({ type: 'text', nullable: true })
  error: string | null = null;

  /** Twilio's id of the message this attempt handed on, by which its delivery receipts are kept (sms_deliveries). */
  @Property({ type: 'text', nullable: true })
  providerSid: string | null = null;
}
