import type { Tx } from '../db/handles';
import type { CodeChannel } from '../sms/channels';
import type { Locale } from '../sms/texts';

export type { CodeChannel } from '../sms/channels';

/** What a code proves: a code sent for one purpose never works for another. */
export const CODE_PURPOSES = ['signup', 'password-reset', 'phone-change', 'sign-in', 'two-step'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

/** Who a code is for. */
export interface VerificationSubject {
  purpose: CodePurpose;
  userId: string;
  /** E.164. */
  phoneNumber: string;
  email: string;
  /** The language of the code's text, passed on to providers that write their own. */
  locale: Locale;
  /** Authy keeps a user of its own; its id, from an earlier start(), is kept on our user. */
  authyId?: number | null;
}

/** What a provider knows of the current code. Twilio Verify and Authy report neither, so they leave it out. */
export interface CodeState {
  expiresAt: Date;
  /** Wrong tries left before the code is dead. */
  attemptsLeft: number;
}

export type StartFailure = 'INVALID_PHONE' | 'RATE_LIMITED' | 'DELIVERY_FAILED';
export type CheckFailure = 'INVALID_CODE' | 'CODE_EXPIRED' | 'TOO_MANY_ATTEMPTS' | 'RATE_LIMITED' | 'DELIVERY_FAILED';

export type StartOutcome = { ok: true; authyId?: number; code?: CodeState } | { ok: false; reason: StartFailure };
/**
 * A right code. `spend`, when present, uses the code up inside the caller's verification
 * transaction and answers false if a concurrent check spent it first: a code checked here is spent
 * with the verification or not at all. Upstream providers spend theirs on approval.
 */
export type CheckOutcome =
  | { ok: true; spend?: (tx: Tx) => Promise<boolean> }
  | {
      ok: false;
      reason: CheckFailure;
      code?: CodeState;
      /** With TOO_MANY_ATTEMPTS when the number itself is locked (a test number guessed at): no code works for now. */
      numberLocked?: true;
    };

/**
 * Sends a one-time code to a phone and checks what the person typed. Expected refusals (wrong
 * code, too many tries) are outcomes; only the unexpected throws.
 */
export interface VerificationProvider {
  readonly name: string;
  /**
   * Sends a fresh code by `channel` (by SMS, or the provider's configured channel, when none is
   * named); any earlier code for the subject stops working. A channel the provider cannot send by
   * throws ChannelNotOfferedError: the flows ask `offers()` first (code-channels.ts).
   */
  start(subject: VerificationSubject, channel?: CodeChannel): Promise<StartOutcome>;
  check(subject: VerificationSubject, code: string): Promise<CheckOutcome>;
  /** Removes what the provider keeps of a person (Authy's user), when their account is deleted. */
  forget?(authyId: number): Promise<void>;
}
