import type { Channel } from './prices';
import type { CountKey } from './guard-keys';

export type GuardMode = 'enforce' | 'monitor' | 'off';

export type GuardDecision = 'allowed' | 'challenged' | 'blocked' | 'flagged';

/**
 * Why, from a closed set, so metrics stay bounded. A refusal's reason is logged and counted,
 * never told to the client: it would tell an attacker which budget to spread over.
 */
export const GUARD_REASONS = [
  /** Under every budget. */
  'within-budget',
  /** Its owner entered a code sent to it before: only the per-phone limits apply. */
  'verified-before',
  /** Near a budget, and the client solved the challenge. */
  'challenge-passed',
  /** A test number: it reaches nobody and costs nothing. */
  'test-number',
  /** FRAUD_GUARD=off. */
  'guard-off',
  'prefix-hourly',
  'prefix-daily',
  'country-hourly',
  'country-daily',
  /** The client asked codes for too many countries without entering one. */
  'client-countries',
  /** SMS_DAILY_BUDGET is spent. */
  'daily-spend',
] as const;
export type GuardReason = (typeof GUARD_REASONS)[number];

/** A code about to be sent, as the caller knows it. */
export interface CodeSend {
  /** E.164. */
  phone: string;
  channel: Channel;
  /** The client asking, when one is; absent for a code nobody asked for just now. */
  ip?: string;
  /**
   * Whether the number's owner has entered a code sent to it before: known, or a look-up the guard
   * makes only when a budget would hold the code back, so a code within every budget costs none.
   */
  verifiedBefore: boolean | (() => Promise<boolean>);
  /** The client's answer to a challenge, if it sent one; checked only when a challenge is needed. */
  captcha?: string;
}

/** What the guard counted for one code, to take back with notSent() if it does not go out. */
export interface SendTicket {
  readonly rows: readonly CountKey[];
  /** Millionths of `currency`. */
  readonly cost: number;
  readonly currency: string;
}

export interface GuardVerdict {
  decision: GuardDecision;
  reason: GuardReason;
  /**
   * Whether to send the code: false only when enforcing a challenge or a block. Then nothing is
   * counted, and the caller answers CAPTCHA_REQUIRED (challenged) or SMS_BLOCKED (blocked).
   */
  send: boolean;
  /** Present when the code was counted: hand it to notSent() if it then does not go out. */
  ticket?: SendTicket;
}
