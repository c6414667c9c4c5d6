export type CaptchaProvider = 'altcha' | 'turnstile' | 'hcaptcha';

/** CAPTCHA_PROVIDER and the settings of the provider it names. */
export type CaptchaConfig =
  | { kind: 'off' }
  | { kind: 'altcha' }
  | { kind: 'turnstile' | 'hcaptcha'; siteKey: string; secret: string; verifyUrl?: string };

/** What a client needs to show the challenge: ALTCHA's, as JSON for its widget, or the site key of a hosted one. */
export type CaptchaChallenge =
  { provider: 'altcha'; challenge: string } | { provider: 'turnstile' | 'hcaptcha'; siteKey: string };

/** A challenge a client solves before a code goes out to a destination near its budget. */
export interface Captcha {
  readonly provider: CaptchaProvider;
  challenge(): Promise<CaptchaChallenge>;
  /** Whether `response` answers a challenge rightly; each answer is taken once, on any instance. */
  verify(response: string, ip?: string): Promise<boolean>;
}

/** Longer than any widget's answer (Turnstile's tokens reach 2,048 characters): anything longer is refused unread. */
export const MAX_RESPONSE_LENGTH = 8_192;
