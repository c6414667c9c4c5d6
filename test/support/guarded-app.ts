import { createRequire } from 'node:module';
import type * as AltchaLib from 'altcha-lib' with { 'resolution-mode': 'import' };
import type * as Pbkdf2 from 'altcha-lib/algorithms/pbkdf2' with { 'resolution-mode': 'import' };
import { expect } from 'vitest';
import {
  CaptchaChallengeDocument,
  RegisterUserDocument,
  VerifyUserDocument,
  type RegisterUserInput,
} from '../../client/generated/graphql';
import { ALTCHA_WORK, type AltchaWork } from '../../src/abuse/captcha/altcha.captcha';
import type { App } from '../../src/app';
import { postGraphQL } from './http-client';

/**
 * The guard on, as a deployment runs it by default, behind one proxy that writes X-Forwarded-For:
 * each request then comes from the address a test names.
 */
export const GUARD_ON = { FRAUD_GUARD: 'enforce', TRUST_PROXY: '1' };

/** Cheap enough for a test to solve in milliseconds; the signature check is the same. */
export const QUICK_ALTCHA: AltchaWork = { ...ALTCHA_WORK, cost: 10, tries: [10, 50] };

export const SMS_BLOCKED_MESSAGE = "We can't send a code to this number right now; try again later or contact support";

/** Valid numbers, different per `i`: a US one in an area code (its prefix `+1` + area). */
export const usPhone = (area: string, i: number) => `+1${area}${2_000_000 + i}`;
/** A UK mobile in a block such as `7950` (its prefix `+44` + the block's first three digits). */
export const gbPhone = (block: string, i: number) => `+44${block}${100_000 + i}`;
export const frPhone = (i: number) => `+336${10_000_000 + i}`;
export const dePhone = (i: number) => `+49151${10_000_000 + i}`;

let signups = 0;

/** A signup to `phoneNumber` in E.164, with an email of its own. */
export function signupTo(phoneNumber: string, extra: Partial<RegisterUserInput> = {}): RegisterUserInput {
  signups += 1;
  return {
    name: 'Grace Hopper',
    email: `guarded${signups}.${phoneNumber.slice(1)}@example.com`,
    password: 'correct horse battery',
    phoneNumber,
    ...extra,
  };
}

/** Over real HTTP from `ip`, as the proxy reports it. */
export async function registerFrom(url: string, ip: string, input: RegisterUserInput) {
  const { data } = await postGraphQL(url, RegisterUserDocument, { input }, { 'x-forwarded-for': ip });
  return data.registerUser;
}

/** Signs up, reads the code from the outbox and enters it (after `wait`): a real person. Answers the signup's error codes. */
export async function realPerson(
  url: string,
  app: App,
  ip: string,
  person: string | RegisterUserInput,
  wait: () => void = () => undefined,
): Promise<string[]> {
  const input = typeof person === 'string' ? signupTo(person) : person;
  const registered = await registerFrom(url, ip, input);
  if (registered.errors.length > 0) return registered.errors.map((error) => error.code);
  wait();
  const code = await latestCode(app, input.phoneNumber);
  const { data } = await postGraphQL(
    url,
    VerifyUserDocument,
    { input: { email: input.email, code: code! } },
    { 'x-forwarded-for': ip },
  );
  expect(data.verifyUser.errors).toEqual([]);
  return [];
}

/** The code in the newest text to a number, if one reached the outbox. */
export async function latestCode(app: App, phoneNumber: string): Promise<string | undefined> {
  const [newest] = await app.outbox!.list(phoneNumber, 1);
  return newest && /\b(\d{6})\b/.exec(newest.body)?.[1];
}

/** Texts in the outbox to numbers that start with `prefix`. */
export async function textsToPrefix(app: App, prefix: string): Promise<number> {
  return (await app.outbox!.list(undefined, 100_000)).filter((message) => message.to.startsWith(prefix)).length;
}

// As in src/abuse/captcha/altcha.captcha.ts: altcha-lib types only its ES module.
const load = createRequire(__filename);
const { solveChallenge } = load('altcha-lib') as typeof AltchaLib;
const { deriveKey } = load('altcha-lib/algorithms/pbkdf2') as typeof Pbkdf2;

/** What the ALTCHA widget does with the captchaChallenge query's answer: solve it, answer base64 of `{ challenge, solution }`. */
export async function solvedCaptcha(url: string): Promise<string> {
  const { data } = await postGraphQL(url, CaptchaChallengeDocument, {});
  const challenge = data.captchaChallenge;
  expect(challenge?.provider).toBe('ALTCHA');
  const parsed = JSON.parse(challenge!.challenge!);
  const solution = await solveChallenge({ challenge: parsed, deriveKey });
  return Buffer.from(JSON.stringify({ challenge: parsed, solution })).toString('base64');
}
