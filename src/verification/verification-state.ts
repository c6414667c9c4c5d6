/**
 * Where a person stands with their code, for clients to show: each field null when this server
 * cannot know it (Twilio Verify and Authy report no expiry and no tries left) or must not say it.
 */
export interface VerificationState {
  /** When the current code stops working. */
  expiresAt: Date | null;
  /** Wrong tries left on the current code. */
  attemptsLeft: number | null;
  /** The earliest moment resendCode will send again. */
  resendAvailableAt: Date | null;
}
