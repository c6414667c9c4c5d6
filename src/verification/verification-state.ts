/**
 * Where a person stands with their code, for clients to show: each field null when this server
 * cannot know it (Twilio Verify and Authy report no expiry and no tries left) or must not say it.
 */
export interface VerificationState {
  expiresAt: Date | null;
  attemptsLeft: number | null;
  resendAvailableAt: Date | null;
}
