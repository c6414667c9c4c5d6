import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as AltchaLib from 'altcha-lib' with { 'resolution-mode': 'import' };
import type { Challenge, Solution } from 'altcha-lib' with { 'resolution-mode': 'import' };
import type * as Pbkdf2 from 'altcha-lib/algorithms/pbkdf2' with { 'resolution-mode': 'import' };
import type { Db } from '../../db/handles';
import type { Clock } from '../../shared/clock';
import { MAX_RESPONSE_LENGTH, type Captcha, type CaptchaChallenge } from './captcha';
import type { SpentChallengeStore } from './spent-challenge.store';

// altcha-lib declares its types for its ES module only, so a CommonJS file cannot import it by
// name; its CommonJS build has the same API, and require() loads that one.
const load = createRequire(__filename);
const { createChallenge, randomInt, verifySolution } = load('altcha-lib') as typeof AltchaLib;
const { deriveKey } = load('altcha-lib/algorithms/pbkdf2') as typeof Pbkdf2;

/**
 * How much work a challenge asks: PBKDF2 with `cost` iterations per try, and a secret number of
 * tries between the bounds (about a second on a phone's browser). The answer is checked by its
 * signature, without redoing the work, so checking costs the server next to nothing.
 */
export interface AltchaWork {
  cost: number;
  tries: [min: number, max: number];
  lifetimeMs: number;
}

export const ALTCHA_WORK: AltchaWork = { cost: 2_000, tries: [1_000, 2_500], lifetimeMs: 10 * 60_000 };
const ALGORITHM = 'PBKDF2/SHA-256';

export interface AltchaDeps {
  db: Db;
  store: SpentChallengeStore;
  /** APP_SECRET; the signing keys are derived from it, so ALTCHA needs no setting of its own. */
  secret: string;
  clock: Clock;
  work?: AltchaWork;
}

/** Self-hosted proof of work: no account, nothing sent to anyone. */
export class AltchaCaptcha implements Captcha {
  readonly provider = 'altcha';
  private readonly signingKey: string;
  private readonly answerKey: string;
  private readonly work: AltchaWork;

  constructor(private readonly deps: AltchaDeps) {
    this.signingKey = derive(deps.secret, 'altcha-challenge');
    this.answerKey = derive(deps.secret, 'altcha-answer');
    this.work = deps.work ?? ALTCHA_WORK;
  }

  /**
   * The expiry travels in the signed data, by this app's clock: altcha-lib's own `expiresAt` is
   * checked against the system's.
   */
  async challenge(): Promise<CaptchaChallenge> {
    const challenge = await createChallenge({
      algorithm: ALGORITHM,
      cost: this.work.cost,
      counter: randomInt(...this.work.tries),
      deriveKey,
      data: { expires: this.deps.clock().getTime() + this.work.lifetimeMs },
      hmacSignatureSecret: this.signingKey,
      hmacKeySignatureSecret: this.answerKey,
    });
    return { provider: 'altcha', challenge: JSON.stringify(challenge) };
  }

  /** The widget's answer: base64 of `{ challenge, solution }`. Signed, unexpired, right, and not used before. */
  async verify(response: string): Promise<boolean> {
    const payload = decode(response);
    if (!payload) return false;
    const result = await verifySolution({
      challenge: payload.challenge,
      solution: payload.solution,
      deriveKey,
      hmacSignatureSecret: this.signingKey,
      hmacKeySignatureSecret: this.answerKey,
    }).catch(() => undefined);
    if (!result?.verified) return false;
    const expires = payload.challenge.parameters.data?.expires;
    if (typeof expires !== 'number' || expires <= this.deps.clock().getTime()) return false;
    // Recorded only once verified, so that no forged answer writes to the table.
    return this.deps.store.spend(this.deps.db, payload.challenge.parameters.nonce, expires);
  }
}

function derive(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(purpose).digest('hex');
}

function decode(response: string): { challenge: Challenge; solution: Solution } | undefined {
  if (response.length > MAX_RESPONSE_LENGTH) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(response, 'base64').toString('utf8')) as Record<string, unknown>;
    const challenge = payload?.challenge as Challenge | undefined;
    const solution = payload?.solution as Solution | undefined;
    const valid =
      typeof challenge?.parameters?.nonce === 'string' &&
      typeof challenge.signature === 'string' &&
      typeof solution?.counter === 'number' &&
      typeof solution.derivedKey === 'string';
    return valid ? { challenge, solution } : undefined;
  } catch {
    return undefined;
  }
}
