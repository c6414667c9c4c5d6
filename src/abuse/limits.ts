import type { Limit } from './rate-limiter';

/**
 * Every rate limit once: its setting and its default (`count/window`, or `off`). The settings
 * schema, the `Limits` type and the README's table of limits (test/config.test.ts compares them)
 * all come from here.
 */
export const LIMIT_SETTINGS = {
  /** Per phone and per email: the wait between two codes. */
  codeCooldown: ['RATE_LIMIT_CODE_COOLDOWN', '1/30s'],
  /** Per phone and per email. */
  codes: ['RATE_LIMIT_CODES', '5/1h'],
  /** Every SMS this deployment sends: a circuit breaker against SMS pumping. */
  smsGlobal: ['RATE_LIMIT_SMS_GLOBAL', '1000/1h'],
  registerPerIp: ['RATE_LIMIT_REGISTER_IP', '10/1h'],
  resendPerIp: ['RATE_LIMIT_RESEND_IP', '10/1h'],
  verifyPerIp: ['RATE_LIMIT_VERIFY_IP', '30/10m'],
  loginPerIp: ['RATE_LIMIT_LOGIN_IP', '30/10m'],
  /** Failed logins per email, known or not, before a short wait, then before a lock. */
  loginSlowdown: ['LOGIN_SLOWDOWN', '3/1m'],
  loginLockout: ['LOGIN_LOCKOUT', '10/1h'],
  /** Failed logins per client IP before a lock. */
  loginIpLockout: ['LOGIN_IP_LOCKOUT', '50/1h'],
  /** requestPasswordReset calls per client IP, and per email (known or not). */
  resetPerIp: ['RATE_LIMIT_RESET_IP', '10/1h'],
  resetPerEmail: ['RATE_LIMIT_RESET_EMAIL', '3/1h'],
  /** requestSignInCode calls per client IP, and per email or phone number (known or not). */
  signInCodePerIp: ['RATE_LIMIT_SIGN_IN_CODE_IP', '10/1h'],
  signInCodePerEmailOrPhone: ['RATE_LIMIT_SIGN_IN_CODE', '5/1h'],
  /** Codes to a new number per account: each goes to a number of the caller's choosing. */
  phoneChangePerUser: ['RATE_LIMIT_PHONE_CHANGE', '3/1h'],
  /** startPhoneChange calls per client IP, counted before the password: accounts are cheap to pile up. */
  phoneChangePerIp: ['RATE_LIMIT_PHONE_CHANGE_IP', '10/1h'],
} as const satisfies Record<string, readonly [setting: string, fallback: string]>;

export type LimitSetting = (typeof LIMIT_SETTINGS)[keyof typeof LIMIT_SETTINGS][0];

/** Each limit that is on; a limit set to `off` is absent. */
export type Limits = { [K in keyof typeof LIMIT_SETTINGS]?: Limit };

/** The name counters are keyed by and metrics label: `RATE_LIMIT_CODE_COOLDOWN` counts as `code-cooldown`. */
export const limitName = (setting: LimitSetting): string =>
  setting
    .replace(/^RATE_LIMIT_/, '')
    .toLowerCase()
    .replaceAll('_', '-');
