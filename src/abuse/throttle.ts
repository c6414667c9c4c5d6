import type { Limits } from './limits';
import { ipSubject } from './ip-subject';
import type { SmsBudget } from './sms-budget';
import type { Limit, LimitResult, RateLimiter } from './rate-limiter';

/** The subject of the global SMS cap: every message this deployment sends counts against it. */
const ALL_SMS = 'all';

/**
 * Which limits each action counts against. Subjects are namespaced so a phone never collides with
 * an IP; an IP is counted as ipSubject() says (an IPv6 client by its /64).
 */
export class Throttle {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly limits: Limits,
    /** Test numbers cost nothing and reach nobody, so no sending limit counts them. */
    private readonly isTestNumber: (phone: string) => boolean,
  ) {}

  registration(ip: string): Promise<LimitResult> {
    return this.limiter.hitAll([[this.limits.registerPerIp, ipSubject(ip)]]);
  }

  /**
   * Every code sent (at signup and on resend) counts against the phone, which guards phones shared
   * by several accounts, and the global SMS budget. Not against the email: resendCode's email
   * limits must see the same history for every email, known or not.
   */
  async codeToPhone(phone: string): Promise<LimitResult> {
    return this.isTestNumber(phone) ? { ok: true } : this.limiter.hitAll(this.codeLimits(phone));
  }

  /**
   * Takes back what codeToPhone() counted once the code did not go out (an outage, a refused
   * number): a retry is not held back by a send that never happened, nor is the global budget
   * drained by an upstream outage.
   */
  async codeNotSent(phone: string): Promise<void> {
    if (this.isTestNumber(phone)) return;
    for (const [limit, subject] of this.codeLimits(phone)) if (limit) await this.limiter.refund(limit, subject);
  }

  /** When the phone's own limits let a code go out again; test numbers, at once. */
  async nextCodeToPhone(phone: string): Promise<Date> {
    return this.isTestNumber(phone)
      ? this.limiter.now()
      : this.limiter.nextAllowed(this.perRecipient(`phone:${phone}`));
  }

  /** When resendCode takes a request for this email again: its own limits, the same for any email. */
  nextResendRequest(email: string): Promise<Date> {
    return this.limiter.nextAllowed(this.perRecipient(`email:${email}`));
  }

  private codeLimits(phone: string): [Limit | undefined, string][] {
    return [...this.perRecipient(`phone:${phone}`), [this.limits.smsGlobal, ALL_SMS]];
  }

  /** RATE_LIMIT_SMS_GLOBAL for messages other than codes (the confirmation, notices), which the queue sends. */
  readonly queuedSms: SmsBudget = {
    take: async (to) =>
      this.isTestNumber(to) ? { ok: true } : this.limiter.hitAll([[this.limits.smsGlobal, ALL_SMS]]),
    giveBack: async (to) => {
      if (this.limits.smsGlobal && !this.isTestNumber(to)) await this.limiter.refund(this.limits.smsGlobal, ALL_SMS);
    },
  };

  /**
   * Counted before the email is looked up, so unknown, verified and unverified emails are throttled
   * alike and the answer tells nothing about the account.
   */
  resendRequest(ip: string, email: string): Promise<LimitResult> {
    return this.limiter.hitAll([[this.limits.resendPerIp, ipSubject(ip)], ...this.perRecipient(`email:${email}`)]);
  }

  /**
   * Counted before the email is looked up, like resendRequest(), so a reset answers alike for
   * every email; the code itself then counts against the phone (codeToPhone).
   */
  passwordResetRequest(ip: string, email: string): Promise<LimitResult> {
    return this.limiter.hitAll([
      [this.limits.resetPerIp, ipSubject(ip)],
      [this.limits.codeCooldown, `reset-email:${email}`],
      [this.limits.resetPerEmail, `reset-email:${email}`],
    ]);
  }

  /** Counted before the password is checked, so a pool of accounts from one place is bounded too. */
  phoneChangeAttempt(ip: string): Promise<LimitResult> {
    return this.limiter.hitAll([[this.limits.phoneChangePerIp, ipSubject(ip)]]);
  }

  /**
   * Whether a reset was asked for this email within RATE_LIMIT_RESET_EMAIL's window (an hour by
   * default), known account or not; always true when that limit is off and nobody counts.
   */
  resetRequested(email: string): Promise<boolean> {
    const limit = this.limits.resetPerEmail;
    return limit ? this.limiter.counted(limit, `reset-email:${email}`) : Promise.resolve(true);
  }

  /** A signed-in user sends codes to a number of their choosing: bounded per account, and per target phone by codeToPhone. */
  phoneChange(userId: string): Promise<LimitResult> {
    return this.limiter.hitAll([[this.limits.phoneChangePerUser, `user:${userId}`]]);
  }

  /** A successful reset also lifts the email's login slow-down and lockout: the person just proved they hold the phone. */
  async loginFailuresCleared(email: string): Promise<void> {
    for (const limit of [this.limits.loginSlowdown, this.limits.loginLockout])
      if (limit) await this.limiter.clear(limit, `email:${email}`);
  }

  verification(ip: string): Promise<LimitResult> {
    return this.limiter.hitAll([[this.limits.verifyPerIp, ipSubject(ip)]]);
  }

  /**
   * Counted before the password is checked, so concurrent guesses cannot all slip in before the
   * first failure is recorded; a success takes its count back (see loginSucceeded).
   */
  loginAttempt(ip: string, email: string): Promise<LimitResult> {
    return this.limiter.hitAll([[this.limits.loginPerIp, ipSubject(ip)], ...this.loginFailureLimits(ip, email)]);
  }

  async loginSucceeded(ip: string, email: string): Promise<void> {
    for (const limit of [this.limits.loginSlowdown, this.limits.loginLockout])
      if (limit) await this.limiter.clear(limit, `email:${email}`);
    if (this.limits.loginIpLockout) await this.limiter.refund(this.limits.loginIpLockout, ipSubject(ip));
  }

  private perRecipient(subject: string) {
    return [
      [this.limits.codeCooldown, subject],
      [this.limits.codes, subject],
    ] as [Limits['codes'], string][];
  }

  private loginFailureLimits(ip: string, email: string) {
    return [
      [this.limits.loginSlowdown, `email:${email}`],
      [this.limits.loginLockout, `email:${email}`],
      [this.limits.loginIpLockout, ipSubject(ip)],
    ] as [Limits['codes'], string][];
  }
}
