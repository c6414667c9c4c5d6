import { BigIntType, Entity, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';

/**
 * What the SMS guard counts, in time buckets, shared by every instance on the database. The key
 * names the subject and the bucket's span (guard-keys.ts): a prefix's or a country's hour or
 * day, a client's day (by HMAC of its IP), a day's spend (`dest` its currency).
 */
@Entity({ tableName: 'sms_guard_counts' })
export class SmsGuardCount {
  [PrimaryKeyProp]?: ['key', 'bucket', 'dest'];

  @PrimaryKey({ type: 'text' })
  key!: string;

  /** Epoch milliseconds of the bucket's start: a whole UTC hour or day. */
  @PrimaryKey({ type: new BigIntType('number') })
  bucket!: number;

  /** The currency of a spend row; empty otherwise. */
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

  /** A client's row: the countries it asked codes for, as marks (`<GB><FR>`). */
  @Property({ type: 'text', default: '' })
  asked: string = '';

  /** A client's row: the countries where it entered a code. */
  @Property({ type: 'text', default: '' })
  entered: string = '';
}
