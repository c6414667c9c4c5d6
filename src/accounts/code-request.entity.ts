import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { CODE_CHANNELS, type CodeChannel } from '../sms/channels';

export type RequestedCode = 'signup' | 'password-reset' | 'sign-in';

/**
 * A resendCode, requestPasswordReset or requestSignInCode that was answered OK and whose code has
 * not gone out yet: written before the answer, for every plausible email (or valid number) alike,
 * and deleted once the code is sent (or there was no account to send it to), so a process that
 * stops in between leaves it to another. It holds the email or number only until then, and no
 * account: that is looked up when it is sent.
 */
@Entity({ tableName: 'code_requests' })
export class CodeRequest {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** Whose account, by email; a sign-in code can be asked for by phone number instead. */
  @Property({ type: 'string', nullable: true })
  email!: string | null;

  /** E.164, when a sign-in code was asked for by phone number. */
  @Property({ type: 'string', nullable: true })
  phone?: string | null;

  @Enum({ items: ['signup', 'password-reset', 'sign-in'], type: 'string' })
  purpose!: RequestedCode;

  /** What the person asked the code to go by; null on requests recorded before channels existed, sent by the default. */
  @Enum({ items: [...CODE_CHANNELS], type: 'string', nullable: true })
  channel?: CodeChannel | null;

  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  /** When it may be taken up; a worker that claims it pushes it out as a lease. */
  @Property({ type: 'datetime', index: 'code_requests_next_attempt_at_index' })
  nextAttemptAt!: Date;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
