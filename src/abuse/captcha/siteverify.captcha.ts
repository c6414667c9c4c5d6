import type { Logger } from '../../shared/logger';
import { MAX_RESPONSE_LENGTH, type Captcha, type CaptchaChallenge } from './captcha';

/** Where each hosted provider verifies a widget's token: the same form in, the same JSON out. */
export const SITEVERIFY_URLS = {
  turnstile: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
  hcaptcha: 'https://api.hcaptcha.com/siteverify',
} as const;

/** Error codes that mean this server is misconfigured, not that the client answered wrongly. */
const OUR_FAULT = new Set(['missing-input-secret', 'invalid-input-secret', 'sitekey-secret-mismatch']);

export interface SiteverifyDeps {
  provider: keyof typeof SITEVERIFY_URLS;
  siteKey: string;
  secret: string;
  /** The provider's siteverify endpoint unless given (a proxy, or a fake in tests). */
  verifyUrl?: string;
  timeoutMs: number;
  log: Logger;
}

/**
 * Cloudflare Turnstile or hCaptcha, verified server-side: a form-encoded POST of `secret`,
 * `response` and `remoteip` (hCaptcha also takes `sitekey`, binding the token to our site), and
 * a JSON answer `{ success, "error-codes": [...] }`. Tokens are single-use at the provider. An
 * unreachable provider counts as a wrong answer: the client may try again, and no code goes out
 * unchallenged meanwhile.
 */
export class SiteverifyCaptcha implements Captcha {
  constructor(private readonly deps: SiteverifyDeps) {}

  get provider() {
    return this.deps.provider;
  }

  async challenge(): Promise<CaptchaChallenge> {
    return { provider: this.deps.provider, siteKey: this.deps.siteKey };
  }

  async verify(response: string, ip?: string): Promise<boolean> {
    if (!response || response.length > MAX_RESPONSE_LENGTH) return false;
    const { provider, secret, siteKey, log } = this.deps;
    const form = new URLSearchParams({ secret, response });
    if (ip) form.set('remoteip', ip);
    if (provider === 'hcaptcha') form.set('sitekey', siteKey);
    let answer: { success?: unknown; 'error-codes'?: unknown };
    try {
      const reply = await fetch(this.deps.verifyUrl ?? SITEVERIFY_URLS[provider], {
        method: 'POST',
        body: form,
        signal: AbortSignal.timeout(this.deps.timeoutMs),
      });
      if (!reply.ok) {
        log.warn({ provider, status: reply.status }, 'captcha siteverify answered with an error status');
        return false;
      }
      answer = (await reply.json()) as typeof answer;
    } catch (error) {
      log.warn({ err: error, provider }, 'captcha siteverify could not be reached');
      return false;
    }
    if (answer?.success === true) return true;
    const codes = Array.isArray(answer?.['error-codes']) ? answer['error-codes'].map(String) : [];
    if (codes.some((code) => OUR_FAULT.has(code)))
      log.error({ provider, errorCodes: codes }, 'captcha provider refused this server: check its secret and site key');
    return false;
  }
}
