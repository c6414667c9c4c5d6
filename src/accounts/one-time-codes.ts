import type { FraudGuard } from '../abuse/fraud-guard/fraud-guard';
import type { PhoneBudget, Throttle } from '../abuse/throttle';
import type { Database } from '../db/database';
import type { Caller } from '../shared/caller';
import type { Logger } from '../shared/logger';
import { resolveLocale } from '../sms/texts';
import type { ChannelProvider } from '../verification/code-channels';
import type {
  CheckFailure,
  CodeChannel,
  CodePurpose,
  StartOutcome,
  VerificationSubject,
} from '../verification/verification-provider';
import { parsePhone } from './phone';
import type { PhonePolicy } from './phone-policy';
import { failure, rateLimited, UserErrorCode, type Outcome, type UserError } from '../shared/outcome';
import type { Tx } from '../db/handles';
import { checkFailures } from './code-refusals';
import type { User } from '../users/user.entity';
import type { UserStore } from '../users/user.store';
import {
  type CodeSendRequest,
  type HeldBack,
  type Reservation,
  type SendPermit,
  type SendPermits,
} from './send-permits';

export { budgetOf } from './send-permits';

/** Refusals of the code itself, as opposed to the provider being unreachable or limiting. */
const CODE_REFUSALS = new Set<CheckFailure>(['INVALID_CODE', 'CODE_EXPIRED', 'TOO_MANY_ATTEMPTS']);

/** A right code, with `spend` to use it up in the caller's transaction (see CheckOutcome), or why not. */
export type CheckedCode = Outcome<
  { spend?: (tx: Tx) => Promise<boolean> },
  { state: { expiresAt: Date | null; attemptsLeft: number | null } }
>;

/**
 * A test number past its wrong-code cap refuses every code, the right one too, until the lock
 * ends. No time is given: the right and a wrong code must get the very same answer.
 */
const NUMBER_LOCKED: UserError = {
  code: UserErrorCode.TOO_MANY_ATTEMPTS,
  field: 'code',
  message: 'Too many wrong codes for this number. It is locked for up to a day.',
};

/** A right code that a concurrent check spent first: said as a wrong one. */
export const spentCode = (): { ok: false; errors: UserError[] } => ({
  ok: false,
  errors: [checkFailures.INVALID_CODE],
});

/** The phone's two budgets as an operator reads them in the log. */
const BUDGET_NAMES: Record<PhoneBudget, string> = {
  unverified: 'signup and new-number codes',
  'verified-owner': 'reset and sign-in codes to its verified owners',
  'second-step': "second-step codes, asked for with an account's password or session",
};

/** Who a code of `purpose` is for: the account's own number, unless a change of number says otherwise. */
export function subjectOf(
  user: User,
  purpose: CodePurpose,
  to: { phoneNumber: string; authyId: number | null } = user,
): VerificationSubject {
  return {
    purpose,
    userId: user.id,
    phoneNumber: to.phoneNumber,
    email: user.email,
    locale: resolveLocale(user.locale),
    authyId: to.authyId,
  };
}

export interface OneTimeCodesDeps {
  database: Database;
  users: UserStore;
  verification: ChannelProvider;
  throttle: Throttle;
  permits: SendPermits;
  /** Told of every code entered correctly: what lets a destination's budget follow its real traffic. */
  guard: Pick<FraudGuard, 'verified'>;
  phones: PhonePolicy;
  log: Logger;
}

/**
 * Sends and checks the one-time codes of every flow (signup, resend, reset, change of number) the
 * same way: each is cleared first by the phone's limits and the SMS guard (reserve), a code that
 * did not go out is taken back from what it was counted against, an Authy id the provider hands
 * back is kept, and a typed code is checked under the same limits.
 */
export class OneTimeCodes {
  constructor(private readonly deps: OneTimeCodesDeps) {}

  /**
   * A channel the person named that this deployment does not offer (CODE_CHANNELS): refused on
   * `channel` before anything is counted, stored or sent. None named is the default, always fine.
   */
  channelRefusal(channel: CodeChannel | null | undefined): UserError | undefined {
    if (!channel || channel === this.deps.verification.defaultChannel || this.deps.verification.offers(channel))
      return undefined;
    const offered = this.deps.verification.channels.map((c) => c.toUpperCase()).join(', ');
    return { code: UserErrorCode.INVALID_INPUT, field: 'channel', message: `Codes go by ${offered} only.` };
  }

  /** Clears a code to go out, before the flow stores anything: a code held back leaves no trace. */
  reserve(request: CodeSendRequest): Promise<Reservation> {
    return this.deps.permits.reserve(request);
  }

  /** For a flow that gives up before sending a code it reserved (an email taken meanwhile). */
  release(permit: SendPermit): Promise<void> {
    return this.deps.permits.release(permit);
  }

  /**
   * Sends the code `permit` cleared; one that does not go out gives the permit back. `keepAuthyId`
   * stores an id Authy hands back (it registers a person again when it no longer knows them);
   * by default on the user, for a code to their own number.
   */
  async start(
    subject: VerificationSubject,
    permit: SendPermit,
    keepAuthyId: (authyId: number) => Promise<void> = (id) =>
      this.deps.users.setAuthyId(this.deps.database.db, subject.userId, id),
  ): Promise<StartOutcome> {
    const started = await this.deps.verification.start(subject, permit.channel).catch(async (error: unknown) => {
      await this.deps.permits.release(permit);
      throw error;
    });
    if (!started.ok) await this.deps.permits.release(permit);
    if (started.ok && started.authyId !== undefined && started.authyId !== subject.authyId)
      await keepAuthyId(started.authyId);
    return started;
  }

  /**
   * A code to an account's stored number, from the background (a resend, a reset): nothing goes
   * out where the SMS policy now refuses the number (one stored before SMS_ALLOWED_COUNTRIES was
   * narrowed, say), one of the phone's limits is spent, or the SMS guard holds it back; what
   * happened is only logged, naming the limit or the guard's decision. `asker` is the request's
   * client and its challenge answer, when the request's own process sends it. A test number is
   * honoured here as at signup: often fictional (+1 555 …), it would not parse as valid.
   */
  async sendToStoredNumber(
    user: User,
    purpose: CodePurpose,
    asker: { ip?: string; captcha?: string | null } = {},
    channel?: CodeChannel,
  ): Promise<void> {
    if (!this.deps.phones.isTestNumber(user.phoneNumber)) {
      const phone = parsePhone(user.phoneNumber);
      if (!phone || this.deps.phones.refusal(phone))
        return this.deps.log.warn(
          { userId: user.id, purpose },
          'code not sent: the SMS policy refuses the stored number',
        );
    }
    const reserved = await this.reserve({ phone: user.phoneNumber, purpose, channel, ...asker });
    if (!reserved.ok) return this.logHeldBack(reserved.held, { userId: user.id, purpose });
    const started = await this.start(subjectOf(user, purpose), reserved.permit);
    if (!started.ok) this.deps.log.warn({ userId: user.id, purpose, reason: started.reason }, 'code not delivered');
  }

  private logHeldBack(held: HeldBack, fields: { userId: string; purpose: CodePurpose }): void {
    // The guard logged its decision with the destination; this line ties it to the request.
    if (held.by === 'guard')
      return this.deps.log.info(
        { ...fields, decision: held.decision, reason: held.reason },
        'code not sent: the SMS guard held it back',
      );
    const { limit, budget, reopensAt } = held;
    // Which limit and until when: "too many codes" sent operators looking for abuse that was a cooldown.
    const spent =
      limit === 'RATE_LIMIT_SMS_GLOBAL'
        ? `the deployment's ${limit}`
        : `the phone's ${limit} for ${BUDGET_NAMES[budget]}`;
    this.deps.log.warn(
      { ...fields, limit, budget, reopensAt: reopensAt.toISOString() },
      `code not sent: ${spent} is spent until ${reopensAt.toISOString()}`,
    );
  }

  /**
   * Checks a typed code, admitted first. A refusal of the code itself (wrong, expired, too many
   * tries) comes with what is known of the code, for the flows that show where a person stands.
   */
  async check(subject: VerificationSubject, code: string, caller: Caller): Promise<CheckedCode> {
    const checked = await this.deps.verification.check(subject, code);
    if (checked.ok) {
      await this.entered(subject.phoneNumber, caller);
      return checked;
    }
    const errors = [checked.numberLocked ? NUMBER_LOCKED : checkFailures[checked.reason]];
    if (!CODE_REFUSALS.has(checked.reason)) return { ok: false, errors };
    // A locked number takes no code at all, whatever its current code's own tries say.
    const attemptsLeft = checked.numberLocked ? 0 : (checked.code?.attemptsLeft ?? null);
    const state = { expiresAt: checked.code?.expiresAt ?? null, attemptsLeft };
    return { ok: false, errors, state };
  }

  /** A right code, told to the guard; a failure to count it must not cost the person their code. */
  private async entered(phone: string, caller: Caller): Promise<void> {
    await this.deps.guard.verified({ phone, ip: caller.ip }).catch((error: unknown) => {
      this.deps.log.error({ err: error }, 'SMS guard: a code entered could not be counted');
    });
  }

  /** A typed code, admitted for checking: under the per-IP check limit, and digits only (no try is counted otherwise). */
  async admit(
    rawCode: string,
    caller: Caller,
  ): Promise<{ ok: true; code: string } | { ok: false; errors: UserError[] }> {
    const allowed = await this.deps.throttle.verification(caller.ip);
    if (!allowed.ok) return rateLimited(allowed.retryAfterSeconds);
    const code = rawCode.trim();
    return /^\d{4,10}$/.test(code)
      ? { ok: true, code }
      : failure(UserErrorCode.INVALID_INPUT, 'The code is the digits from the SMS.', 'code');
  }
}
