/** Who a code is for. Providers that keep their own user record (Authy) get its id back here. */
export interface VerificationSubject {
  userId: string;
  /** E.164. */
  phoneNumber: string;
  email: string;
  /** The provider's own id for this person, as returned by an earlier start(). */
  providerUserId?: string | null;
}

export type StartFailure = 'INVALID_PHONE' | 'RATE_LIMITED' | 'DELIVERY_FAILED';
export type CheckFailure = 'INVALID_CODE' | 'CODE_EXPIRED' | 'TOO_MANY_ATTEMPTS' | 'RATE_LIMITED' | 'DELIVERY_FAILED';

export type StartOutcome = { ok: true; providerUserId?: string } | { ok: false; reason: StartFailure };
export type CheckOutcome = { ok: true } | { ok: false; reason: CheckFailure };

/**
 * Sends a one-time code to a phone and checks what the person typed. Expected refusals (wrong
 * code, too many tries) are outcomes; only the unexpected throws.
 */
export interface VerificationProvider {
  readonly name: string;
  /** Sends a fresh code; any earlier code for the subject stops working. */
  start(subject: VerificationSubject): Promise<StartOutcome>;
  check(subject: VerificationSubject, code: string): Promise<CheckOutcome>;
}
