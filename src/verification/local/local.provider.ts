import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/handles';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { SmsDeliveryError, type SmsMessage, type SmsTransport } from '../../sms/sms-transport';
import type { CodeAutofill } from '../../sms/texts/code-autofill';
import { codeSms, spokenCode, type CodeTextName } from '../../sms/texts/code-sms';
import type {
  CheckOutcome,
  CodeChannel,
  CodePurpose,
  CodeState,
  StartFailure,
  StartOutcome,
  VerificationProvider,
  VerificationSubject,
} from '../verification-provider';
import type { CodeFallback } from './code-fallback';
import type { VerificationCode } from './verification-code.entity';
import type { VerificationCodeStore } from './verification-code.store';

export const LOCAL_CODE_POLICY = { digits: 6, lifetimeMs: 10 * 60_000, maxFailedChecks: 5 };

const deliveryFailure: Record<SmsDeliveryError['kind'], StartFailure> = {
  'invalid-number': 'INVALID_PHONE',
  'rate-limited': 'RATE_LIMITED',
  unavailable: 'DELIVERY_FAILED',
};

/** A fresh random code; test numbers get their fixed one instead. */
const randomCode = () => String(randomInt(0, 10 ** LOCAL_CODE_POLICY.digits)).padStart(LOCAL_CODE_POLICY.digits, '0');

export interface LocalProviderDeps {
  db: Db;
  codes: VerificationCodeStore;
  sms: SmsTransport;
  /** Keys the code hashes (APP_SECRET). */
  secret: string;
  clock: Clock;
  log: Logger;
  /** The lines a code's text ends with for phones to fill it in (PUBLIC_URL, ANDROID_APP_HASH). */
  autofill: CodeAutofill;
  /** With CODE_FALLBACK=call: a text Twilio reports undelivered is followed by a call. */
  fallback?: CodeFallback;
  /** Fixed codes for test numbers; a random one otherwise. */
  makeCode?: (subject: VerificationSubject) => string;
  name?: string;
}

const TEXT_OF: Record<CodePurpose, CodeTextName> = {
  signup: 'verificationCode',
  'password-reset': 'passwordResetCode',
  'phone-change': 'phoneChangeCode',
  'sign-in': 'signInCode',
  'two-step': 'twoStepCode',
};

/**
 * Codes made and checked here, delivered through the SMS transport: by text, by a call that
 * speaks them, or by WhatsApp. Needs no account anywhere.
 */
export class LocalVerificationProvider implements VerificationProvider {
  readonly name: string;
  private readonly makeCode: (subject: VerificationSubject) => string;

  constructor(private readonly deps: LocalProviderDeps) {
    this.name = deps.name ?? 'local';
    this.makeCode = deps.makeCode ?? randomCode;
  }

  async start(subject: VerificationSubject, channel: CodeChannel = 'sms'): Promise<StartOutcome> {
    const { lifetimeMs, maxFailedChecks } = LOCAL_CODE_POLICY;
    const code = this.makeCode(subject);
    const now = this.deps.clock();
    const expiresAt = new Date(now.getTime() + lifetimeMs);
    const { userId, purpose } = subject;
    const id = await this.deps.codes.insert(this.deps.db, {
      userId,
      purpose,
      codeHash: hashCode(this.deps.secret, subject, code),
      createdAt: now,
      expiresAt,
    });
    let sid: string | undefined;
    try {
      sid = (await this.deps.sms.send(this.message(subject, code, channel)))?.providerSid;
    } catch (error) {
      // An undelivered code must not linger, and the previous code keeps working.
      await this.deps.codes.delete(this.deps.db, id);
      if (!(error instanceof SmsDeliveryError)) throw error;
      this.deps.log.error({ err: error, provider: this.name, step: 'start' }, 'verification code could not be sent');
      return { ok: false, reason: deliveryFailure[error.kind] };
    }
    // Only a text can be followed by a call; the code is kept sealed for it.
    const fallback = channel === 'sms' && sid ? this.deps.fallback : undefined;
    const sealed = fallback?.seal(id, { code, to: subject.phoneNumber, locale: subject.locale }) ?? null;
    if (sid) await this.deps.codes.attachMessage(this.deps.db, id, sid, sealed);
    await this.deps.codes.closeOlder(this.deps.db, userId, purpose, id, now);
    if (fallback && sid) await fallback.catchUp(sid);
    return { ok: true, code: { expiresAt, attemptsLeft: maxFailedChecks } };
  }

  /** A call says the code digit by digit; a text carries the autofill lines, which WhatsApp has no use for. */
  private message(subject: VerificationSubject, code: string, channel: CodeChannel): SmsMessage {
    const to = subject.phoneNumber;
    if (channel === 'call') {
      const { words, language } = spokenCode(subject.locale, code);
      return { to, channel, body: words, language };
    }
    const minutes = LOCAL_CODE_POLICY.lifetimeMs / 60_000;
    const autofill = channel === 'sms' ? this.deps.autofill : {};
    return { to, channel, body: codeSms(subject.locale, TEXT_OF[subject.purpose], code, minutes, autofill) };
  }

  async check(subject: VerificationSubject, code: string): Promise<CheckOutcome> {
    const { maxFailedChecks } = LOCAL_CODE_POLICY;
    const now = this.deps.clock();
    const latest = await this.deps.codes.latest(this.deps.db, subject.userId, subject.purpose);
    if (!latest) return { ok: false, reason: 'CODE_EXPIRED' };
    const state = stateOf(latest, maxFailedChecks);
    // A code replaced, used or expired takes no more tries.
    if (latest.closedAt) return { ok: false, reason: 'CODE_EXPIRED', code: { ...state, attemptsLeft: 0 } };
    if (latest.failedAttempts >= maxFailedChecks) return { ok: false, reason: 'TOO_MANY_ATTEMPTS', code: state };
    if (latest.expiresAt <= now) return { ok: false, reason: 'CODE_EXPIRED', code: { ...state, attemptsLeft: 0 } };

    if (this.matches(latest.codeHash, subject, code))
      return { ok: true, spend: (tx) => this.deps.codes.spend(tx, latest.id, maxFailedChecks, now) };
    const failedAttempts = await this.deps.codes.countFailure(this.deps.db, latest.id, maxFailedChecks);
    const left = { expiresAt: latest.expiresAt, attemptsLeft: Math.max(0, maxFailedChecks - failedAttempts) };
    return { ok: false, reason: failedAttempts >= maxFailedChecks ? 'TOO_MANY_ATTEMPTS' : 'INVALID_CODE', code: left };
  }

  private matches(stored: string, subject: VerificationSubject, code: string): boolean {
    return timingSafeEqual(Buffer.from(stored, 'hex'), Buffer.from(hashCode(this.deps.secret, subject, code), 'hex'));
  }
}

function stateOf(code: VerificationCode, maxFailedChecks: number): CodeState {
  return { expiresAt: code.expiresAt, attemptsLeft: Math.max(0, maxFailedChecks - code.failedAttempts) };
}

/**
 * Keyed with the app secret and bound to the user, so a leaked table reveals no codes. Codes for
 * the later flows are bound to their purpose and to the number they went to as well: a reset code
 * texted to a number the account has since left, or a code sent to one new number while the
 * change moved on to another, matches nothing. Signup codes keep the form they had before.
 */
export function hashCode(
  secret: string,
  subject: Pick<VerificationSubject, 'userId' | 'purpose' | 'phoneNumber'>,
  code: string,
): string {
  const bound =
    subject.purpose === 'signup'
      ? `${subject.userId}:${code}`
      : `${subject.userId}:${subject.purpose}:${subject.phoneNumber}:${code}`;
  return createHmac('sha256', secret).update(bound).digest('hex');
}
