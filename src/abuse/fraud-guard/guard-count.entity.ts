import { BigIntType, Entity, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';

/**
 * What the SMS guard counts, in time buckets, shared by every instance on the database. The key
 * names the subject and the bucket's span (guard-keys.ts): a prefix's or a country's hour or
 * day, a client's hour (by HMAC of its IP, `dest` the country it asked for), a day's spend.
 */
@Entity({ tableName: 'sms_guard_counts' })
export class SmsGuardCount {
  [PrimaryKeyProp]?: ['key', 'bucket', 'dest'];

  @PrimaryKey({ type: 'text' })
  key!: string;

  /** Epoch milliseconds of the bucket's start: a whole UTC hour or day. */
  @PrimaryKey({ type: new BigIntType('number') })
  bucket!: number;

  /** The destination country of a client's row, the currency of a spend row; empty otherwise. */
  @PrimaryKey({ type: 'text', default: '' })
  dest: string = '';

  /** Codes that went out: counted before the decision, taken back when one did not. */
  @Property({ type: 'integer', default: 0 })
  sent: number = 0;

  /** Codes entered correctly. */
  @Property({ type: 'integer', default: 0 })
  verified: number = 0;

  /** Millionths of the price table's currency. */
  @Property({ type: new BigIntType('number'), default: 0 })
  spend: number = 0;
}
