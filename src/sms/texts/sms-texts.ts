/** The texts that carry a code. Each fits one SMS segment. Minutes are whole numbers (10). */
export interface CodeTexts {
  /** The one-time code at signup and on resend. */
  verificationCode(code: string, minutes: number): string;
  /** A code to reset a forgotten password. */
  passwordResetCode(code: string, minutes: number): string;
  /** A code sent to a new number to confirm a change of phone number. */
  phoneChangeCode(code: string, minutes: number): string;
  /** A code to sign in with instead of a password. */
  signInCode(code: string, minutes: number): string;
  /** The second step of a sign-in, for an account that chose codes by SMS. */
  twoStepCode(code: string, minutes: number): string;
}

/** The languages calls speak in, named as Twilio's <Say language> names them. */
export type Voice = 'en-US' | 'es-ES' | 'fr-FR' | 'de-DE' | 'pt-BR';

/** Every message the server sends, in one language. */
export interface SmsTexts extends CodeTexts {
  /**
   * The code texts said shortly, for when the lines that let a phone fill the code in (code-sms.ts)
   * would not fit one segment after the full text: GSM-7, at most 104 septets with an 8-digit code.
   */
  brief: CodeTexts;
  /** After the phone is verified. */
  signupComplete(): string;
  /** Sent to the account's phone after a reset changed the password. */
  passwordChanged(): string;
  /** Sent to the old number after the account's number was changed. */
  phoneChanged(): string;
  /** What a call says: the code digit by digit, twice. */
  spokenCode(code: string): string;
  /** The language a call speaks in. */
  voice: Voice;
}

/** "1, 2, 3, 4, 5, 6": a text-to-speech voice reads each digit on its own, with a beat between. */
export const digitByDigit = (code: string) => [...code].join(', ');
