/** Every text message the server sends, in one language. Minutes are whole numbers (10). */
export interface SmsTexts {
  /** The one-time code at signup and on resend. Fits one SMS segment. */
  verificationCode(code: string, minutes: number): string;
  /** After the phone is verified. */
  signupComplete(): string;
  /** A code to reset a forgotten password. Fits one segment. */
  passwordResetCode(code: string, minutes: number): string;
  /** Sent to the account's phone after a reset changed the password. */
  passwordChanged(): string;
  /** A code sent to a new number to confirm a change of phone number. Fits one segment. */
  phoneChangeCode(code: string, minutes: number): string;
  /** Sent to the old number after the account's number was changed. */
  phoneChanged(): string;
}
