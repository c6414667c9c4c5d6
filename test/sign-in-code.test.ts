import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  LoginDocument,
  MeDocument,
  RequestPasswordResetDocument,
  RequestSignInCodeDocument,
  ResetPasswordDocument,
  SessionsDocument,
  SignInWithCodeDocument,
  VerifyUserDocument,
  type RequestSignInCodeInput,
  type SignInWithCodeInput,
} from '../client/generated/graphql';
import { execute } from '../src/db/dialect';
import { UserStore } from '../src/users/user.store';
import { fakeClock } from './support/clock';
import { answerWhileLookupHeld } from './support/held-lookup';
import { createTestDatabase, type TestDatabase } from './support/database';
import { GUARD_ON, QUICK_ALTCHA, registerFrom, signupTo, solvedCaptcha, usPhone } from './support/guarded-app';
import { postGraphQL } from './support/http-client';
import { errorCodes } from './support/outcomes';
import { type ProviderName, useRig } from './support/rig';
import { startTestApp, useTestApp, type TestApp } from './support/test-app';

const MINUTE = 60_000;
const SIGN_IN_TEXT = /^Your sign-in code is (\d{6})\./;
const BROWSER = 'SignInBrowser/2.0 (phone)';

/** Another six digits: a wrong code, never the right one. */
const wrongFor = (code: string) => code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));

/** What a test of sign-in codes does with a test app. */
function signInWith(t: TestApp) {
  return {
    request: async (input: RequestSignInCodeInput, options: { ip?: string } = {}) =>
      (await t.execute(RequestSignInCodeDocument, { input }, options)).requestSignInCode,
    signIn: (input: SignInWithCodeInput, options: { ip?: string; userAgent?: string } = {}) =>
      t.execute(SignInWithCodeDocument, { input }, options),
    me: async (token: string) => (await t.execute(MeDocument, {}, { token })).me,
    /** The sign-in codes texted to a number, newest first. */
    codesTo: async (phone: string) => (await t.messagesTo(phone)).flatMap((text) => SIGN_IN_TEXT.exec(text)?.[1] ?? []),
    recordedRequests: async () => {
      const [{ n }] = await execute<{ n: number | string }[]>(
        t.app.database.db,
        'select count(*) as n from code_requests',
      );
      return Number(n);
    },
  };
}

describe('sign in with a code', () => {
  const time = fakeClock();
  const t = useTestApp({}, { clock: time.clock });
  const { request, signIn, me, codesTo, recordedRequests } = signInWith(t);
  const inSeconds = (seconds: number) => new Date(time.clock().getTime() + seconds * 1000).toISOString();
  /** The one answer every request gets: when the same email or number is taken again, nothing more. */
  const answer = (seconds = 30) => ({
    verification: { expiresAt: null, attemptsLeft: null, resendAvailableAt: inSeconds(seconds) },
    errors: [],
  });
  /** A verified account, past the cooldown of its signup code. */
  const account = async (overrides: { phoneNumber?: string } = {}) => {
    const verified = await t.registerVerified(overrides);
    time.advance(30_000);
    return verified;
  };
  const failedSignIns = (userId: string) =>
    execute<{ detail: string; user_agent: string | null }[]>(
      t.app.database.db,
      "select detail, user_agent from audit_events where user_id = ? and type = 'login.failed' order by at",
      [userId],
    );
  const signedInBy = (userId: string) =>
    execute<{ detail: string }[]>(
      t.app.database.db,
      "select detail from audit_events where user_id = ? and type = 'login.succeeded' order by at",
      [userId],
    );

  it('texts a code to the phone of a verified account named by email; the code opens a session as login does', async () => {
    const { input, user, token } = await account();
    expect(await request({ email: ` ${input.email.toUpperCase()} ` })).toEqual(answer());
    const [code] = await codesTo(user.phoneNumber);
    expect(code).toMatch(/^\d{6}$/);

    const { signInWithCode, cookies } = await signIn({ email: input.email, code }, { userAgent: BROWSER });
    expect(signInWithCode.errors).toEqual([]);
    expect(signInWithCode.user).toMatchObject({ id: user.id, email: input.email, verified: true });
    expect(cookies[0]).toMatch(/^session=[\w-]+;/);
    const opened = signInWithCode.session!.token;
    expect((await me(opened))?.id).toBe(user.id);
    // Not a reset: the account's other sessions stay.
    expect((await me(token))?.id).toBe(user.id);
    const { sessions } = await t.execute(SessionsDocument, {}, { token: opened });
    expect(sessions).toHaveLength(2);
    expect(sessions.find((session) => session.current)).toMatchObject({ userAgent: BROWSER });
    expect((await signedInBy(user.id)).map((row) => JSON.parse(row.detail))).toEqual([{ method: 'code' }]);

    // Single use.
    expect(errorCodes((await signIn({ email: input.email, code })).signInWithCode)).toEqual(['CODE_EXPIRED']);
    // And the password still signs in as before.
    const { login } = await t.execute(LoginDocument, { input: { email: input.email, password: input.password } });
    expect(login.errors).toEqual([]);
  });

  it('does the same for an account named by its phone number, with a country code or in E.164', async () => {
    const { user } = await account();
    const national = user.phoneNumber.replace(/^\+1/, '');
    expect(await request({ countryCode: '+1', phoneNumber: national })).toEqual(answer());
    const [code] = await codesTo(user.phoneNumber);
    const { signInWithCode, cookies } = await signIn({ phoneNumber: user.phoneNumber, code }, { userAgent: BROWSER });
    expect(signInWithCode.errors).toEqual([]);
    expect(signInWithCode.user?.id).toBe(user.id);
    expect(cookies[0]).toMatch(/^session=/);
    expect((await me(signInWithCode.session!.token))?.phoneNumber).toBe(user.phoneNumber);
  });

  it('answers unknown emails and numbers, and unverified accounts, alike, and texts nothing', async () => {
    const unverified = await t.register();
    const unknownPhone = '+14155559876';
    time.advance(30_000);
    const asked: RequestSignInCodeInput[] = [
      { email: 'nobody-signs-in@example.com' },
      { email: unverified.input.email },
      { phoneNumber: unknownPhone },
      { phoneNumber: unverified.user.phoneNumber },
      // Not an email at all: nobody's, and answered the same.
      { email: 'not an email' },
    ];
    for (const input of asked) expect(await request(input)).toEqual(answer());
    // The signup code, and nothing since.
    expect(await t.messagesTo(unverified.user.phoneNumber)).toHaveLength(1);
    expect(await t.messagesTo(unknownPhone)).toEqual([]);
    expect(await recordedRequests()).toBe(0);
    for (const input of asked)
      expect(errorCodes((await signIn({ ...input, code: '123456' })).signInWithCode)).toEqual(['CODE_EXPIRED']);
  });

  it('answers before it looks the account up', async () => {
    const { user } = await account();
    const held = await answerWhileLookupHeld(
      t.app,
      'findVerifiedByPhone',
      RequestSignInCodeDocument,
      { input: { phoneNumber: user.phoneNumber } },
      '198.51.100.78',
    );
    expect(held).toEqual({ data: { requestSignInCode: answer() }, callsAtAnswer: 0, callsAfter: 1 });
  });

  it('takes an email or a phone number, one of the two, and refuses a number registerUser would refuse', async () => {
    const refusal = async (input: RequestSignInCodeInput) =>
      (await request(input)).errors.map(({ code, field }) => ({ code, field }));
    const signInRefusal = async (input: RequestSignInCodeInput) =>
      (await signIn({ ...input, code: '123456' })).signInWithCode.errors.map(({ code, field }) => ({ code, field }));
    const cases: [RequestSignInCodeInput, string][] = [
      [{}, 'email'],
      [{ email: '  ' }, 'email'],
      [{ email: 'ada@example.com', phoneNumber: '+14155552671' }, 'email'],
      [{ countryCode: '1' }, 'phoneNumber'],
      [{ phoneNumber: '12' }, 'phoneNumber'],
      [{ countryCode: '999', phoneNumber: '4155552671' }, 'countryCode'],
      // Premium-rate: no account can have it.
      [{ phoneNumber: '+19005550123' }, 'phoneNumber'],
    ];
    for (const [input, field] of cases) {
      expect(await refusal(input), JSON.stringify(input)).toEqual([{ code: 'INVALID_INPUT', field }]);
      expect(await signInRefusal(input), JSON.stringify(input)).toEqual([{ code: 'INVALID_INPUT', field }]);
    }
    expect(await recordedRequests()).toBe(0);
  });

  it('never takes a code made for another purpose: signup, reset and sign-in codes stay apart', async () => {
    // An unverified account's signup code signs nobody in, and still verifies after the try.
    const signup = await t.register();
    time.advance(30_000);
    await request({ email: signup.input.email });
    const signupCode = await t.latestCode(signup.user.phoneNumber);
    expect(errorCodes((await signIn({ email: signup.input.email, code: signupCode })).signInWithCode)).toEqual([
      'CODE_EXPIRED',
    ]);
    const verified = await t.execute(VerifyUserDocument, { input: { email: signup.input.email, code: signupCode } });
    expect(verified.verifyUser.errors).toEqual([]);
    // Verified now, with a sign-in request within the hour: the signup code still opens nothing.
    expect(errorCodes((await signIn({ email: signup.input.email, code: signupCode })).signInWithCode)).toEqual([
      'CODE_EXPIRED',
    ]);

    // A reset and a sign-in both waiting: each code works only for its own.
    const { input, user } = await account();
    await t.execute(RequestPasswordResetDocument, { input: { email: input.email } });
    const resetCode = await t.latestCode(user.phoneNumber);
    // Past the phone's cooldown, which reset and sign-in codes to its owner share.
    time.advance(30_000);
    await request({ email: input.email });
    const [code] = await codesTo(user.phoneNumber);
    if (code === resetCode) return; // One in a million: the same six digits twice.
    expect(errorCodes((await signIn({ email: input.email, code: resetCode })).signInWithCode)).toEqual([
      'INVALID_CODE',
    ]);
    const reset = (newPassword: string, withCode: string) =>
      t.execute(ResetPasswordDocument, { input: { email: input.email, code: withCode, newPassword } });
    expect(errorCodes((await reset('a brand new passphrase', code)).resetPassword)).toEqual(['INVALID_CODE']);
    expect(
      errorCodes((await t.execute(VerifyUserDocument, { input: { email: input.email, code } })).verifyUser),
    ).toEqual(['ALREADY_VERIFIED']);
    expect(errorCodes((await signIn({ email: input.email, code })).signInWithCode)).toEqual([]);
    expect(errorCodes((await reset('a brand new passphrase', resetCode)).resetPassword)).toEqual([]);
  });

  it('ends a code after five wrong tries, and after 10 minutes; each failure is recorded as a failed sign-in', async () => {
    const { input, user } = await account();
    await request({ email: input.email });
    const [code] = await codesTo(user.phoneNumber);
    const tryCode = async (withCode: string) =>
      errorCodes((await signIn({ email: input.email, code: withCode }, { userAgent: BROWSER })).signInWithCode);
    for (let i = 0; i < 4; i++) expect(await tryCode(wrongFor(code))).toEqual(['INVALID_CODE']);
    expect(await tryCode(wrongFor(code))).toEqual(['TOO_MANY_ATTEMPTS']);
    expect(await tryCode(code)).toEqual(['TOO_MANY_ATTEMPTS']);
    const failed = await failedSignIns(user.id);
    expect(failed).toHaveLength(6);
    expect(failed[0]).toEqual({ detail: JSON.stringify({ method: 'code' }), user_agent: BROWSER });

    time.advance(30_000);
    await request({ email: input.email });
    const [fresh] = await codesTo(user.phoneNumber);
    time.advance(10 * MINUTE);
    expect(await tryCode(fresh)).toEqual(['CODE_EXPIRED']);
    expect(await signedInBy(user.id)).toEqual([]);
  });

  it('sends nothing by phone to a number several verified accounts share; each of them signs in by email', async () => {
    const first = await account();
    const second = await account({ phoneNumber: first.input.phoneNumber });
    const phone = first.user.phoneNumber;
    expect(await request({ phoneNumber: phone })).toEqual(answer());
    expect(await codesTo(phone)).toEqual([]);
    expect(await request({ email: second.input.email })).toEqual(answer());
    const [code] = await codesTo(phone);
    expect(errorCodes((await signIn({ phoneNumber: phone, code })).signInWithCode)).toEqual(['CODE_EXPIRED']);
    const { signInWithCode } = await signIn({ email: second.input.email, code });
    expect(signInWithCode.user?.id).toBe(second.user.id);
  });

  it('limits requests per email and per number, a code every 30 s and 5 an hour, alike for known and unknown ones', async () => {
    const { input, user } = await account();
    const rateLimited = (retryAfter?: number) => [
      expect.objectContaining({ code: 'RATE_LIMITED', ...(retryAfter ? { retryAfter } : {}) }),
    ];
    for (const asked of [
      { email: input.email },
      { email: 'nobody-known@example.com' },
      { phoneNumber: user.phoneNumber },
    ]) {
      expect((await request(asked)).errors).toEqual([]);
      time.advance(10_000);
      expect(await request(asked)).toEqual({
        verification: { expiresAt: null, attemptsLeft: null, resendAvailableAt: inSeconds(20) },
        errors: rateLimited(20),
      });
    }
    for (let i = 0; i < 4; i++) {
      time.advance(30_000);
      expect((await request({ email: input.email })).errors).toEqual([]);
    }
    time.advance(30_000);
    expect((await request({ email: input.email })).errors).toEqual(rateLimited());
    // The number's own limits are apart from the email's.
    expect((await request({ phoneNumber: user.phoneNumber })).errors).toEqual([]);
    time.advance(2 * 3600_000);
  });
});

describe('the per-IP limits of sign-in codes', () => {
  const time = fakeClock();
  const t = useTestApp({ RATE_LIMIT_SIGN_IN_CODE_IP: '2/1h', RATE_LIMIT_VERIFY_IP: '3/10m' }, { clock: time.clock });
  const { request, signIn, codesTo } = signInWith(t);

  it('count requests per client IP, whoever they name, and codes checked per client IP, right or wrong', async () => {
    const { input, user } = await t.registerVerified();
    time.advance(30_000);
    const ip = '203.0.113.9';
    expect((await request({ email: 'someone@example.com' }, { ip })).errors).toEqual([]);
    expect((await request({ email: input.email }, { ip })).errors).toEqual([]);
    expect(errorCodes(await request({ phoneNumber: user.phoneNumber }, { ip }))).toEqual(['RATE_LIMITED']);
    const [code] = await codesTo(user.phoneNumber);
    for (let i = 0; i < 3; i++)
      expect(errorCodes((await signIn({ email: input.email, code: wrongFor(code) }, { ip })).signInWithCode)).toEqual([
        'INVALID_CODE',
      ]);
    expect(errorCodes((await signIn({ email: input.email, code }, { ip })).signInWithCode)).toEqual(['RATE_LIMITED']);
    // From elsewhere the code is still good: the refusal counted no try against it.
    expect(errorCodes((await signIn({ email: input.email, code })).signInWithCode)).toEqual([]);
  });
});

describe('sign-in codes under the SMS guard', () => {
  const time = fakeClock(new Date('2026-11-02T00:00:00Z'));
  const t = useTestApp(GUARD_ON, { clock: time.clock, altchaWork: QUICK_ALTCHA });

  it("go to a verified number in a prefix the guard blocks: it is the number's owner asking", async () => {
    const prefix = (i: number) => usPhone('808', i);
    const owner = await t.registerVerified({ phoneNumber: prefix(0), countryCode: null });
    time.advance(31_000);
    // Bots solving every challenge meet the prefix's budget; then no answer helps an unverified number.
    let blocked = false;
    for (let i = 1; i < 60 && !blocked; i++) {
      const input = signupTo(prefix(i), { captcha: await solvedCaptcha(t.url) });
      const answer = await registerFrom(t.url, `203.0.113.${i}`, input);
      blocked = answer.errors.some((error) => error.code === 'SMS_BLOCKED');
    }
    expect(blocked).toBe(true);

    const { data } = await postGraphQL(
      t.url,
      RequestSignInCodeDocument,
      { input: { phoneNumber: owner.user.phoneNumber } },
      { 'x-forwarded-for': '192.0.2.200' },
    );
    expect(data.requestSignInCode.errors).toEqual([]);
    await t.app.settled();
    const [text] = await t.messagesTo(owner.user.phoneNumber);
    const code = SIGN_IN_TEXT.exec(text)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    const { signInWithCode } = await t.execute(SignInWithCodeDocument, {
      input: { phoneNumber: owner.user.phoneNumber, code: code! },
    });
    expect(signInWithCode.errors).toEqual([]);
  });
});

describe('two instances on one database', () => {
  const time = fakeClock();
  let database: TestDatabase | undefined;
  const apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await database?.drop();
  });

  it("send a code asked for by phone on one whose process stopped before sending it, from the other's poll", async () => {
    database = await createTestDatabase();
    const env = { DATABASE_URL: database.url };
    const [a, b] = await Promise.all([0, 1].map(() => startTestApp(env, { clock: time.clock })));
    apps.push(a, b);
    const { user } = await a.registerVerified();
    time.advance(30_000);
    // The answer is out; then the process stops, say, before the account was even looked up.
    const stopped = vi
      .spyOn(UserStore.prototype, 'findVerifiedByPhone')
      .mockRejectedValueOnce(new Error('the process stopped'));
    try {
      const asked = await a.execute(RequestSignInCodeDocument, { input: { phoneNumber: user.phoneNumber } });
      expect(asked.requestSignInCode.errors).toEqual([]);
    } finally {
      stopped.mockRestore();
    }
    await a.close();
    expect(await signInWith(b).codesTo(user.phoneNumber)).toEqual([]);

    // The other instance's poll takes the request up once the stopped one's lease is over.
    time.advance(15_000);
    await b.app.codeRequests.deliverDue();
    const [code] = await signInWith(b).codesTo(user.phoneNumber);
    const { signInWithCode } = await signInWith(b).signIn({ phoneNumber: user.phoneNumber, code });
    expect(signInWithCode.errors).toEqual([]);
    expect(await signInWith(b).recordedRequests()).toBe(0);
  });
});

describe.each(['twilio-verify', 'authy'] as ProviderName[])('sign in with a code through %s', (provider) => {
  const rig = useRig(provider, 'twilio', { env: { RATE_LIMIT_CODE_COOLDOWN: 'off' } });

  it('asks the provider nothing without a recent request for a sign-in code, so a signup or reset code opens nothing', async () => {
    const { t, twilio, authy } = rig;
    const { input, user } = await t.registerVerified();
    await t.execute(RequestPasswordResetDocument, { input: { email: input.email } });
    const resetCode = await t.latestCode(user.phoneNumber);
    const before = twilio.requests.length + authy.requests.length;
    for (const named of [{ email: input.email }, { phoneNumber: user.phoneNumber }, { email: 'nobody@example.com' }]) {
      const { signInWithCode } = await t.execute(SignInWithCodeDocument, { input: { ...named, code: resetCode } });
      expect(errorCodes(signInWithCode)).toEqual(['CODE_EXPIRED']);
    }
    expect(twilio.requests.length + authy.requests.length).toBe(before);
  });

  it('sends the code through the provider and checks it there', async () => {
    const { t } = rig;
    const { input, user } = await t.registerVerified();
    await t.execute(RequestSignInCodeDocument, { input: { email: input.email } });
    const code = await t.latestCode(user.phoneNumber);
    const { signInWithCode } = await t.execute(SignInWithCodeDocument, { input: { email: input.email, code } });
    expect(signInWithCode.errors).toEqual([]);
    expect(signInWithCode.user?.id).toBe(user.id);
  });
});
