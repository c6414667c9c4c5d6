import { describe, expect, it } from 'vitest';
import { RegisterUserDocument, ResendCodeDocument, VerifyUserDocument } from '../client/generated/graphql';
import { fakeClock } from './support/clock';
import { errorCodes } from './support/outcomes';
import { useRig } from './support/rig';
import { aPerson, useTestApp } from './support/test-app';

const START = new Date('2026-11-30T12:00:00Z');
const at = (ms: number) => new Date(START.getTime() + ms).toISOString();
const MINUTE = 60_000;

describe('verification state with the local provider', () => {
  const time = fakeClock(START);
  const t = useTestApp({}, { clock: time.clock });

  const verify = async (email: string, code: string) =>
    (await t.execute(VerifyUserDocument, { input: { email, code } })).verifyUser;
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('says when the code dies, how many tries are left, and when a new one can go out, after each step', async () => {
    const person = aPerson();
    const { registerUser } = await t.execute(RegisterUserDocument, { input: person });
    // The code lives 10 minutes, takes 5 wrong tries, and the phone may get another in 30 s.
    expect(registerUser.verification).toEqual({
      expiresAt: at(10 * MINUTE),
      attemptsLeft: 5,
      resendAvailableAt: at(30_000),
    });
    const phone = registerUser.user!.phoneNumber;
    const first = await t.latestCode(phone);

    time.advance(10_000);
    for (const left of [4, 3, 2, 1]) {
      const refused = await verify(person.email, wrong(first));
      expect(errorCodes(refused)).toEqual(['INVALID_CODE']);
      expect(refused.verification).toEqual({
        expiresAt: at(10 * MINUTE),
        attemptsLeft: left,
        resendAvailableAt: at(30_000),
      });
    }
    const dead = await verify(person.email, wrong(first));
    expect(errorCodes(dead)).toEqual(['TOO_MANY_ATTEMPTS']);
    expect(dead.verification).toEqual({ expiresAt: at(10 * MINUTE), attemptsLeft: 0, resendAvailableAt: at(30_000) });

    time.advance(20_000);
    const { resendCode } = await t.execute(ResendCodeDocument, { input: { email: person.email } });
    // Only what the email's own request limits say: this email may ask again in 30 s.
    expect(resendCode.verification).toEqual({ expiresAt: null, attemptsLeft: null, resendAvailableAt: at(60_000) });

    const second = await t.latestCode(phone);
    const refused = await verify(person.email, wrong(second));
    expect(refused.verification).toEqual({
      expiresAt: at(30_000 + 10 * MINUTE),
      attemptsLeft: 4,
      resendAvailableAt: at(60_000),
    });

    time.advance(10 * MINUTE);
    const expired = await verify(person.email, second);
    expect(errorCodes(expired)).toEqual(['CODE_EXPIRED']);
    // Past every window: a new code can go out now.
    expect(expired.verification).toEqual({
      expiresAt: at(30_000 + 10 * MINUTE),
      attemptsLeft: 0,
      resendAvailableAt: at(30_000 + 10 * MINUTE),
    });
  });

  it('says when resendCode takes the email again once it is RATE_LIMITED, and the right code clears the state', async () => {
    const { input, user } = await t.register();
    time.advance(30_000);
    expect(errorCodes((await t.execute(ResendCodeDocument, { input: { email: input.email } })).resendCode)).toEqual([]);
    time.advance(5_000);
    const { resendCode } = await t.execute(ResendCodeDocument, { input: { email: input.email } });
    expect(resendCode.errors).toEqual([expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 25 })]);
    expect(resendCode.verification).toEqual({
      expiresAt: null,
      attemptsLeft: null,
      resendAvailableAt: new Date(time.clock().getTime() + 25_000).toISOString(),
    });

    const verified = await verify(input.email, await t.latestCode(user.phoneNumber));
    expect(errorCodes(verified)).toEqual([]);
    expect(verified.verification).toBeNull();
  });
});

describe.each(['twilio-verify', 'authy'] as const)('verification state with %s', (provider) => {
  const time = fakeClock(START);
  const rig = useRig(provider, 'twilio', { overrides: { clock: time.clock } });

  it('leaves what the provider does not report null, and fills what this server knows', async () => {
    const person = aPerson();
    const { registerUser } = await rig.t.execute(RegisterUserDocument, { input: person });
    // Verify's 10 minutes and 5 checks are a service's settings, not in its answers; Authy says neither.
    expect(registerUser.verification).toEqual({ expiresAt: null, attemptsLeft: null, resendAvailableAt: at(30_000) });
    const code = await rig.t.latestCode(registerUser.user!.phoneNumber);
    const wrong = code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    const { verifyUser } = await rig.t.execute(VerifyUserDocument, { input: { email: person.email, code: wrong } });
    expect(errorCodes(verifyUser)).toEqual(['INVALID_CODE']);
    expect(verifyUser.verification).toEqual({ expiresAt: null, attemptsLeft: null, resendAvailableAt: at(30_000) });
  });
});
