import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { User } from '../../users/user.entity';
import { CODE_PURPOSES, type CodePurpose } from '../verification-provider';

/** A one-time code of the local provider, kept only as an HMAC keyed with the app secret. */
@Entity({ tableName: 'verification_codes' })
export class VerificationCode {
  /** Increasing, so "the newest code" is well defined even within one millisecond. */
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { deleteRule: 'cascade', index: 'verification_codes_user_index' })
  user!: Rel<User>;

  /** What the code is for: a code made for one purpose is never accepted for another. */
  @Enum({ items: [...CODE_PURPOSES], type: 'string', default: 'signup' })
  purpose: CodePurpose = 'signup';

  @Property({ type: 'string', length: 64 })
  codeHash!: string;

  @Property({ type: 'integer', default: 0 })
  failedAttempts: number = 0;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  /** Set when the code was used, or replaced by a newer one; either way it is dead. */
  @Property({ type: 'datetime', nullable: true })
  closedAt: Date | null = null;

  /** Twilio's id of the message or call that carried the code: what its delivery receipts name. */
  @Property({ type: 'text', nullable: true, index: 'verification_codes_message_sid_index' })
  messageSid: string | null = null;

  /**
   * With CODE_FALLBACK=call, the code and where it went, sealed with a key from the app secret, so
   * that a receipt saying the text never arrived can have a call speak it. Gone once used.
   */
  @Property({ type: 'text', nullable: true })
  fallback: string | null = null;

  /** When the fallback call was claimed: once, whichever instance took the receipt. */
  @Property({ type: 'datetime', nullable: true })
  fallbackAt: Date | null = null;
}
