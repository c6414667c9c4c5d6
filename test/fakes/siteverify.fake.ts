import { randomBytes } from 'node:crypto';
import { startHttpFake, type FakeReply, type HttpFake } from './http-fake';

export type SiteverifyProvider = 'turnstile' | 'hcaptcha';

export interface SiteverifyFake extends HttpFake {
  readonly provider: SiteverifyProvider;
  readonly siteKey: string;
  readonly secret: string;
  /** The siteverify endpoint, to set as TURNSTILE_VERIFY_URL or HCAPTCHA_VERIFY_URL. */
  readonly verifyUrl: string;
  /** A token as the widget hands it to the page once a person passes it. */
  issueToken(): string;
}

/** Each provider's words for a token it does not take, from its documentation. */
const ERRORS = {
  turnstile: { invalid: 'invalid-input-response', reused: 'timeout-or-duplicate' },
  hcaptcha: { invalid: 'invalid-input-response', reused: 'already-seen-response' },
} as const;

const PATHS = { turnstile: '/turnstile/v0/siteverify', hcaptcha: '/siteverify' } as const;

/**
 * Cloudflare Turnstile's or hCaptcha's siteverify: a form-encoded POST of `secret`, `response`
 * and `remoteip` (hCaptcha's `sitekey` too), answered with `{ success, "error-codes": [...] }`
 * and, on success, the challenge's time and hostname. A token passes once.
 */
export async function startSiteverifyFake(provider: SiteverifyProvider): Promise<SiteverifyFake> {
  const siteKey =
    provider === 'hcaptcha' ? '10000000-ffff-ffff-ffff-000000000001' : `0x4AAAAAAA${randomBytes(8).toString('hex')}`;
  const secret = `0x${randomBytes(20).toString('hex')}`;
  const tokens = new Map<string, { used: boolean }>();
  const refused = (...codes: string[]): FakeReply => ({ status: 200, body: { success: false, 'error-codes': codes } });

  const fake = await startHttpFake((request) => {
    if (request.method !== 'POST' || request.path !== PATHS[provider])
      return { status: 404, body: { success: false, 'error-codes': ['bad-request'] } };
    if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded'))
      return refused('bad-request');
    const { secret: given, response, sitekey } = request.form;
    if (!given) return refused('missing-input-secret');
    if (given !== secret) return refused('invalid-input-secret');
    if (!response) return refused('missing-input-response');
    if (provider === 'hcaptcha' && sitekey && sitekey !== siteKey) return refused('sitekey-secret-mismatch');
    const token = tokens.get(response);
    if (!token) return refused(ERRORS[provider].invalid);
    if (token.used) return refused(ERRORS[provider].reused);
    token.used = true;
    return {
      status: 200,
      body: { success: true, challenge_ts: new Date().toISOString(), hostname: 'localhost', 'error-codes': [] },
    };
  });
  return {
    ...fake,
    provider,
    siteKey,
    secret,
    verifyUrl: `${fake.url}${PATHS[provider]}`,
    issueToken() {
      const token = randomBytes(48).toString('base64url');
      tokens.set(token, { used: false });
      return token;
    },
  };
}
