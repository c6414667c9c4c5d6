import type { Db } from '../db/handles';
import type { Limits, LimitSetting } from './limits';
import { ipSubject } from './ip-subject';
import type { SmsBudget } from './sms-budget';
import type { Limit, LimitResult, RateLimiter } from './rate-limiter';

/** The subject of the global SMS cap: every message this deployment sends counts against it. */
const ALL_SMS = 'all';

/**
 * Refused checks a test number takes in a day, across all its codes and accounts, before it is
 * locked. Every signup or resend gives it a fresh code with fresh tries but the same fixed code, so
 * a code's own tries bound nothing: this does. Ten a day leave a reviewer who mistypes room, and an
 * attacker 3,650 of the million codes a year: about 1 in 270 of finding it, hence the end date
 * production requires. A day, not longer: housekeeping prunes counters whose window opened over two
 * days ago, which would end a longer lock early.
 */
export const TEST_NUMBER_GUESSES: Limit = { name: 'test-number-guesses', max: 10, windowMs: 86_400_000 };

/**
 * Whose request a code to a phone answers, each with per-phone limits of its own. Anyone can sign
 * up (or start a change of number) with any number, so those codes must not spend what the
 * number's verified owner needs: a reset or sign-in code to a verified account's number counts
 * only against the sends asked for in its verified owners' names. Those anyone can still ask for
 * with an email, so a second step's codes, which only the password or a session asks for, have a
 * budget of their own: strangers asking for sign-in codes cannot keep a person from signing in.
 */
export type PhoneBudget = 'unverified' | 'verified-owner' | 'second-step';
const PHONE_BUDGETS: readonly PhoneBudget[] = ['unverified', 'verified-owner', 'second-step'];

/** A code to a phone held back: which limit, by its setting, and when it takes one again. */
export type PhoneCodeRefusal = { ok: false; retryAfterSeconds: number; refusedBy: LimitSetting; reopensAt: Date };

export interface ThrottleDeps {
  limiter: RateLimiter;
  limits: Limits;
  /** Test numbers cost nothing and reach nobody, so no sending limit counts them. */
  isTestNumber: (phone: string) => boolean;
}

/**
 * Which limits each action counts against. Subjects are namespaced so a phone never collides with
 * an IP; an IP is counted as ipSubject() says (an IPv6 client by its /64).
 */
export class Throttle {
  constructor(private readonly deps: ThrottleDeps) {}

  registration(ip: string): Promise<LimitResult> {
    return this.deps.limiter.hitAll([[this.deps.limits.registerPerIp, ipSubject(ip)]]);
  }

  /**
   * Every code sent counts against the phone's limits of its budget, which guard phones shared by
   * several accounts, and the global SMS budget. Not against the email: resendCode's email limits
   * must see the same history for every email, known or not.
   */
  async codeToPhone(phone: string, budget: PhoneBudget): Promise<{ ok: true } | PhoneCodeRefusal> {
    if (this.deps.isTestNumber(phone)) return { ok: true };
    // One by one rather than hitAll, to say which refused: the log must name it, not "too many".
    for (const [limit, subject, setting] of this.codeLimits(phone, budget)) {
      if (!limit) continue;
      const result = await this.deps.limiter.hit(limit, subject);
      if (!result.ok) {
        const reopensAt = new Date(this.deps.limiter.now().getTime() + result.retryAfterSeconds * 1000);
        return { ...result, refusedBy: setting, reopensAt };
      }
    }
    return { ok: true };
  }

  /**
   * Takes back what codeToPhone() counted once the code did not go out (an outage, a refused
   * number): a retry is not held back by a send that never happened, nor is the global budget
   * drained by an upstream outage.
   */
  async codeNotSent(phone: string, budget: PhoneBudget): Promise<void> {
    if (this.deps.isTestNumber(phone)) return;
    for (const [limit, subject] of this.codeLimits(phone, budget))
      if (limit) await this.deps.limiter.refund(limit, subject);
  }

  /**
   * When the phone's own limits let a code out of `budget` go out again (a signup's, by default);
   * test numbers, at once.
   */
  async nextCodeToPhone(phone: string, budget: PhoneBudget = 'unverified'): Promise<Date> {
    return this.deps.isTestNumber(phone)
      ? this.deps.limiter.now()
      : this.deps.limiter.nextAllowed(this.perRecipient(phoneSubject(phone, budget)));
  }

  /**
   * Whether the global SMS cap would take another message now, counting nothing: asked by the
   * requests for a code before anything is counted or looked up, so that while no code could go
   * out every email hears when to ask again, and nothing is spent.
   */
  private async smsCapOpen(): Promise<LimitResult> {
    const next = (await this.deps.limiter.nextAllowed([[this.deps.limits.smsGlobal, ALL_SMS]])).getTime();
    const wait = next - this.deps.limiter.now().getTime();
    return wait > 0 ? { ok: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { ok: true };
  }

  /** When resendCode takes a request for this email again: its own limits, the same for any email. */
  nextResendRequest(email: string): Promise<Date> {
    return this.deps.limiter.nextAllowed(this.perRecipient(`email:${email}`));
  }

  /**
   * An operator's unlock: forgets the phone's own code limits in every budget, through `db`, so
   * its next code goes out at once. The global SMS cap and a test number's guesses stay.
   */
  async clearCodeLimits(phone: string, db: Db): Promise<void> {
    for (const budget of PHONE_BUDGETS)
      for (const limit of [this.deps.limits.codeCooldown, this.deps.limits.codes])
        if (limit) await this.deps.limiter.clear(limit, phoneSubject(phone, budget), db);
  }

  private codeLimits(phone: string, budget: PhoneBudget): [Limit | undefined, string, LimitSetting][] {
    const subject = phoneSubject(phone, budget);
    return [
      [this.deps.limits.codeCooldown, subject, 'RATE_LIMIT_CODE_COOLDOWN'],
      [this.deps.limits.codes, subject, 'RATE_LIMIT_CODES'],
      [this.deps.limits.smsGlobal, ALL_SMS, 'RATE_LIMIT_SMS_GLOBAL'],
    ];
  }

  /**
   * One check of a test number's fixed code, counted before the code is compared, so concurrent
   * guesses cannot all slip in before the count catches up. `code` is the number's fixed code: a
   * new one starts a new count, which is how an operator unlocks a number at once.
   */
  testNumberGuess(phone: string, code: string): Promise<LimitResult> {
    return this.deps.limiter.hit(TEST_NUMBER_GUESSES, testNumberSubject(phone, code));
  }

  /** Takes back a check that found the right code: only refused ones count towards the lock. */
  testNumberGuessRight(phone: string, code: string): Promise<void> {
    return this.deps.limiter.refund(TEST_NUMBER_GUESSES, testNumberSubject(phone, code));
  }

  /** RATE_LIMIT_SMS_GLOBAL for messages other than codes (the confirmation, notices), which the queue sends. */
  readonly queuedSms: SmsBudget = {
    take: async (to) =>
      this.deps.isTestNumber(to) ? { ok: true } : this.deps.limiter.hitAll([[this.deps.limits.smsGlobal, ALL_SMS]]),
    giveBack: async (to) => {
      if (this.deps.limits.smsGlobal && !this.deps.isTestNumber(to))
        await this.deps.limiter.refund(this.deps.limits.smsGlobal, ALL_SMS);
    },
  };

  /**
   * Counted before the email is looked up, so unknown, verified and unverified emails are throttled
   * alike and the answer tells nothing about the account.
   */
  async resendRequest(ip: string, email: string): Promise<LimitResult> {
    const cap = await this.smsCapOpen();
    if (!cap.ok) return cap;
    return this.deps.limiter.hitAll([
      [this.deps.limits.resendPerIp, ipSubject(ip)],
      ...this.perRecipient(`email:${email}`),
    ]);
  }

  /**
   * Counted before the email is looked up, like resendRequest(), so a reset answers alike for
   * every email; the code itself then counts against the phone (codeToPhone).
   */
  async passwordResetRequest(ip: string, email: string): Promise<LimitResult> {
    const cap = await this.smsCapOpen();
    if (!cap.ok) return cap;
    return this.deps.limiter.hitAll([[this.deps.limits.resetPerIp, ipSubject(ip)], ...this.resetRequests(email)]);
  }

  /** When requestPasswordReset takes a request for this email again: its own limits, the same for any email. */
  nextResetRequest(email: string): Promise<Date> {
    return this.deps.limiter.nextAllowed(this.resetRequests(email));
  }

  private resetRequests(email: string): [Limit | undefined, string][] {
    return [
      [this.deps.limits.codeCooldown, `reset-email:${email}`],
      [this.deps.limits.resetPerEmail, `reset-email:${email}`],
    ];
  }

  /**
   * Counted before anything is looked up, like passwordResetRequest(), so requestSignInCode answers
   * alike for every email and number. `who` is the normalized email or the E.164 number asked by:
   * the two cannot collide, as a number has no `@`.
   */
  async signInCodeRequest(ip: string, who: string): Promise<LimitResult> {
    const cap = await this.smsCapOpen();
    if (!cap.ok) return cap;
    return this.deps.limiter.hitAll([[this.deps.limits.signInCodePerIp, ipSubject(ip)], ...this.signInRequests(who)]);
  }

  /** When requestSignInCode takes a request for this email or number again: the same for any. */
  nextSignInCodeRequest(who: string): Promise<Date> {
    return this.deps.limiter.nextAllowed(this.signInRequests(who));
  }

  /**
   * Whether a sign-in code was asked for by this email or number within RATE_LIMIT_SIGN_IN_CODE's
   * window (an hour by default), known account or not; always true when that limit is off.
   */
  signInCodeRequested(who: string): Promise<boolean> {
    const limit = this.deps.limits.signInCodePerEmailOrPhone;
    return limit ? this.deps.limiter.counted(limit, `sign-in:${who}`) : Promise.resolve(true);
  }

  private signInRequests(who: string): [Limit | undefined, string][] {
    return [
      [this.deps.limits.codeCooldown, `sign-in:${who}`],
      [this.deps.limits.signInCodePerEmailOrPhone, `sign-in:${who}`],
    ];
  }

  /** Counted before the password is checked, so a pool of accounts from one place is bounded too. */
  phoneChangeAttempt(ip: string): Promise<LimitResult> {
    return this.deps.limiter.hitAll([[this.deps.limits.phoneChangePerIp, ipSubject(ip)]]);
  }

  /**
   * Whether a reset was asked for this email within RATE_LIMIT_RESET_EMAIL's window (an hour by
   * default), known account or not; always true when that limit is off and nobody counts.
   */
  resetRequested(email: string): Promise<boolean> {
    const limit = this.deps.limits.resetPerEmail;
    return limit ? this.deps.limiter.counted(limit, `reset-email:${email}`) : Promise.resolve(true);
  }

  /** A signed-in user sends codes to a number of their choosing: bounded per account, and per target phone by codeToPhone. */
  phoneChange(userId: string): Promise<LimitResult> {
    return this.deps.limiter.hitAll([[this.deps.limits.phoneChangePerUser, `user:${userId}`]]);
  }

  /** Takes back what phoneChange() counted once no code went out: the account sent nothing to anyone. */
  async phoneChangeNotSent(userId: string): Promise<void> {
    if (this.deps.limits.phoneChangePerUser)
      await this.deps.limiter.refund(this.deps.limits.phoneChangePerUser, `user:${userId}`);
  }

  /** A successful reset also lifts the email's login slow-down and lockout: the person just proved they hold the phone. */
  async loginFailuresCleared(email: string): Promise<void> {
    for (const limit of [this.deps.limits.loginSlowdown, this.deps.limits.loginLockout])
      if (limit) await this.deps.limiter.clear(limit, `email:${email}`);
  }

  verification(ip: string): Promise<LimitResult> {
    return this.deps.limiter.hitAll([[this.deps.limits.verifyPerIp, ipSubject(ip)]]);
  }

  /**
   * Counted before the password is checked, so concurrent guesses cannot all slip in before the
   * first failure is recorded; a success takes its count back (see loginSucceeded).
   */
  loginAttempt(ip: string, email: string): Promise<LimitResult> {
    return this.deps.limiter.hitAll([
      [this.deps.limits.loginPerIp, ipSubject(ip)],
      ...this.loginFailureLimits(ip, email),
    ]);
  }

  async loginSucceeded(ip: string, email: string): Promise<void> {
    for (const limit of [this.deps.limits.loginSlowdown, this.deps.limits.loginLockout])
      if (limit) await this.deps.limiter.clear(limit, `email:${email}`);
    if (this.deps.limits.loginIpLockout) await this.deps.limiter.refund(this.deps.limits.loginIpLockout, ipSubject(ip));
  }

  private perRecipient(subject: string) {
    return [
      [this.deps.limits.codeCooldown, subject],
      [this.deps.limits.codes, subject],
    ] as [Limits['codes'], string][];
  }

  private loginFailureLimits(ip: string, email: string) {
    return [
      [this.deps.limits.loginSlowdown, `email:${email}`],
      [this.deps.limits.loginLockout, `email:${email}`],
      [this.deps.limits.loginIpLockout, ipSubject(ip)],
    ] as [Limits['codes'], string][];
  }
}

/** `phone:` as before budgets were split, so the counters of signups' codes carry over. */
function phoneSubject(phone: string, budget: PhoneBudget): string {
  if (budget === 'unverified') return `phone:${phone}`;
  return budget === 'verified-owner' ? `owner-phone:${phone}` : `second-step-phone:${phone}`;
}

function testNumberSubject(phone: string, code: string): string {
  return `test-number:${phone}=${code}`;
}
