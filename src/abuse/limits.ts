import type { Limit } from './rate-limiter';

export interface Limits {
  /** Per phone and per email: the wait between two codes. */
  codeCooldown?: Limit;
  /** Per phone and per email. */
  codes?: Limit;
  /** Every code sent by this deployment: a circuit breaker against SMS pumping. */
  smsGlobal?: Limit;
  registerPerIp?: Limit;
  resendPerIp?: Limit;
  verifyPerIp?: Limit;
  loginPerIp?: Limit;
  /** Failed logins per account before a short wait, then before a lock. */
  loginSlowdown?: Limit;
  loginLockout?: Limit;
  /** Failed logins per IP before a lock. */
  loginIpLockout?: Limit;
  /** requestPasswordReset calls per client IP, and per email (known or not). */
  resetPerIp?: Limit;
  resetPerEmail?: Limit;
  /** Codes to a new number per account: each goes to a number of the caller's choosing. */
  phoneChangePerUser?: Limit;
  /** startPhoneChange calls per client IP, counted before the password: accounts are cheap to pile up. */
  phoneChangePerIp?: Limit;
}
