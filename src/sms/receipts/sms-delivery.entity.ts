import { Entity, Enum, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { CODE_CHANNELS, type CodeChannel } from '../channels';

/**
 * A message or call handed to Twilio, keyed by Twilio's id, with the newest status its delivery
 * receipts reported. Codes and queued texts alike: the number itself is not kept, only its country.
 */
@Entity({ tableName: 'sms_deliveries' })
export class SmsDelivery {
  /** SM… for a message, CA… for a call. */
  @PrimaryKey({ type: 'text' })
  sid!: string;

  @Enum({ items: [...CODE_CHANNELS], type: 'string' })
  channel!: CodeChannel;

  /** ISO 3166 code, or the calling code (+882) of a number of no country. */
  @Property({ type: 'text' })
  country!: string;

  @Property({ type: 'text' })
  status!: string;

  /** How far the status has come (delivery-status.ts): a receipt ranked no higher changes nothing. */
  @Property({ type: 'integer' })
  statusRank!: number;

  /** Twilio's error code with an undelivered or failed status, such as 30003 (unreachable). */
  @Property({ type: 'integer', nullable: true })
  errorCode: number | null = null;

  /** A code's text, as against a confirmation: the SMS guard counted it, and takes it back if it never arrives. */
  @Property({ type: 'boolean', default: false })
  carriesCode: Opt<boolean> = false;

  @Property({ type: 'datetime', index: 'sms_deliveries_created_at_index' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
