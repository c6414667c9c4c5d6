import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import {
  ChangePasswordDocument,
  CompleteSignInDocument,
  ConfirmTwoStepDocument,
  DisableTwoStepDocument,
  EnableTwoStepDocument,
  LoginDocument,
  MeDocument,
  RequestPasswordResetDocument,
  RequestSignInCodeDocument,
  ResetPasswordDocument,
  SendTwoStepCodeDocument,
  SessionsDocument,
  SignInWithCodeDocument,
  type TwoStepMethod,
} from '../client/generated/graphql';
import { execute } from '../src/db/dialect';
import { fakeClock } from './support/clock';
import { errorCodes } from './support/outcomes';
import { useTestApp } from './support/test-app';

const STEP = 30_000;
const MINUTE = 60_000;
const NEW_PASSWORD = 'a brand new passphrase';
const WEBHOOK_SECRET = `whsec_${randomBytes(32).toString('base64')}`;

describe('a second step at sign-in', () => {
  const time = fakeClock();
  const t = useTestApp(
    // Webhook events stay in their outbox, where the test reads them: the worker never runs.
    { RATE_LIMIT_CODE_COOLDOWN: 'off', WEBHOOK_URLS: 'http://127.0.0.1:9/hooks', WEBHOOK_SECRET },
    { clock: time.clock, intervals: { webhooksMs: 3_600_000 } },
  );

  /** What an authenticator app shows now (or `steps` periods from now) for a secret. */
  const totp = (secret: string, steps = 0) =>
    TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: time.clock().getTime() + steps * STEP });
  const other = (code: string) => code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));

  const enable = async (token: string, password: string, method: TwoStepMethod) =>
    (await t.execute(EnableTwoStepDocument, { input: { password, method } }, { token })).enableTwoStep;
  const confirm = async (token: string, code: string) =>
    (await t.execute(ConfirmTwoStepDocument, { input: { code } }, { token })).confirmTwoStep;
  const disable = async (token: string, password: string, code: string) =>
    (await t.execute(DisableTwoStepDocument, { input: { password, code } }, { token })).disableTwoStep;
  const login = async (email: string, password: string, userAgent?: string) =>
    (await t.execute(LoginDocument, { input: { email, password } }, { userAgent })).login;
  const complete = async (challenge: string, code: string, userAgent?: string) =>
    await t.execute(CompleteSignInDocument, { input: { challenge, code } }, { userAgent });
  const me = async (token: string) => (await t.execute(MeDocument, {}, { token })).me;
  const sessions = async (token: string) => (await t.execute(SessionsDocument, {}, { token })).sessions;
  const twoStepCode = async (phone: string) => {
    const [text] = await t.messagesTo(phone);
    expect(text).toMatch(/^Your second-step sign-in code is \d{6}\./);
    return /\d{6}/.exec(text)![0];
  };

  const auditOf = async (userId: string) =>
    execute<{ type: string; outcome: string; detail: string | null }[]>(
      t.app.database.db,
      'select type, outcome, detail from audit_events where user_id = ? order by at, type',
      [userId],
    );
  const eventsOf = async (userId: string) =>
    (await execute<{ payload: string }[]>(t.app.database.db, 'select payload from webhook_events order by created_at'))
      .map((row) => JSON.parse(row.payload) as { type: string; data: Record<string, unknown> })
      .filter((event) => event.data.id === userId);

  /** A verified account with the TOTP second step on; the clock moved on past the step its confirmation used. */
  const totpAccount = async () => {
    const account = await t.registerVerified();
    const enabled = await enable(account.token, account.input.password, 'TOTP');
    expect(enabled.errors).toEqual([]);
    const secret = enabled.totp!.secret;
    const confirmed = await confirm(account.token, totp(secret));
    expect(confirmed.errors).toEqual([]);
    time.advance(STEP);
    return { ...account, secret, recoveryCodes: confirmed.recoveryCodes! };
  };

  /** A verified account with the SMS second step on. */
  const smsAccount = async () => {
    const account = await t.registerVerified();
    const enabled = await enable(account.token, account.input.password, 'SMS');
    expect(enabled.errors).toEqual([]);
    const confirmed = await confirm(account.token, await twoStepCode(account.user.phoneNumber));
    expect(confirmed.errors).toEqual([]);
    return { ...account, recoveryCodes: confirmed.recoveryCodes! };
  };

  it('sets up TOTP with a code computed from the returned secret, and then login asks for the second step', async () => {
    const { input, user, token } = await t.registerVerified();
    const enabled = await enable(token, input.password, 'TOTP');
    expect(enabled.errors).toEqual([]);
    expect(enabled.method).toBe('TOTP');
    const { secret, uri } = enabled.totp!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(parsed.host).toBe('totp');
    expect(decodeURIComponent(parsed.pathname)).toBe(`/Account verification:${input.email}`);
    expect(parsed.searchParams.get('secret')).toBe(secret);
    expect(parsed.searchParams.get('issuer')).toBe('Account verification');
    // Not on until a code from the app proves it was set up.
    expect((await me(token))?.twoStep).toBeNull();
    time.advance(1_000);
    expect(errorCodes(await login(input.email, input.password))).toEqual([]);
    expect(errorCodes(await confirm(token, other(totp(secret))))).toEqual(['INVALID_CODE']);

    const confirmed = await confirm(token, totp(secret));
    expect(confirmed.errors).toEqual([]);
    expect(confirmed.user?.twoStep).toBe('TOTP');
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.recoveryCodes).size).toBe(10);
    for (const code of confirmed.recoveryCodes!) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect((await me(token))?.twoStep).toBe('TOTP');
    // Shown once: a second confirmation has nothing to confirm.
    expect(errorCodes(await confirm(token, totp(secret, 1)))).toEqual(['CODE_EXPIRED']);

    time.advance(STEP);
    const { login: asked, cookies } = await t.execute(LoginDocument, {
      input: { email: input.email, password: input.password },
    });
    expect(asked).toEqual({
      user: null,
      session: null,
      twoStep: {
        challenge: expect.stringMatching(/^[\w-]{43}$/),
        methods: ['TOTP'],
        expiresAt: new Date(time.clock().getTime() + 5 * MINUTE).toISOString(),
      },
      errors: [],
    });
    expect(cookies).toEqual([]);
    // A wrong password is still just that.
    expect(errorCodes(await login(input.email, 'not the password'))).toEqual(['INVALID_CREDENTIALS']);

    const { completeSignIn, cookies: set } = await complete(asked.twoStep!.challenge, totp(secret), 'Laptop/1.0');
    expect(completeSignIn.errors).toEqual([]);
    expect(completeSignIn.user?.id).toBe(user.id);
    expect(completeSignIn.twoStep).toBeNull();
    expect(set[0]).toMatch(/^session=[\w-]+;/);
    const signedIn = completeSignIn.session!.token;
    expect((await me(signedIn))?.id).toBe(user.id);

    // Single use: the challenge is spent, even with the next code.
    time.advance(STEP);
    expect((await complete(asked.twoStep!.challenge, totp(secret))).completeSignIn.errors).toEqual([
      expect.objectContaining({ code: 'CODE_EXPIRED', field: 'challenge' }),
    ]);

    // The sessions list says how each one signed in.
    expect(
      (await sessions(signedIn)).map(({ userAgent, signedInWith, secondStep, current }) => ({
        userAgent,
        signedInWith,
        secondStep,
        current,
      })),
    ).toEqual([
      { userAgent: 'Laptop/1.0', signedInWith: 'PASSWORD', secondStep: 'TOTP', current: true },
      // The login made before the second step was on.
      { userAgent: null, signedInWith: 'PASSWORD', secondStep: null, current: false },
      { userAgent: null, signedInWith: 'SIGNUP', secondStep: null, current: false },
    ]);
  });

  it('takes a 6-digit code typed with a space or a dash, and names the code asked for when one is malformed', async () => {
    const spaced = (code: string, by = ' ') => `${code.slice(0, 3)}${by}${code.slice(3)}`;
    const malformed = (where: RegExp) => [
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'code', message: expect.stringMatching(where) }),
    ];
    const app = /authenticator app/;
    const text = /text message/;

    const { input, token } = await t.registerVerified();
    const { secret } = (await enable(token, input.password, 'TOTP')).totp!;
    expect((await confirm(token, 'abc')).errors).toEqual(malformed(app));
    expect((await confirm(token, 'abc')).errors[0].message).not.toMatch(/SMS/);
    expect((await confirm(token, spaced(totp(secret)))).errors).toEqual([]);
    time.advance(STEP);

    const challenge = (await login(input.email, input.password)).twoStep!.challenge;
    expect((await complete(challenge, '12345')).completeSignIn.errors).toEqual(malformed(app));
    expect((await complete(challenge, spaced(totp(secret)))).completeSignIn.errors).toEqual([]);
    time.advance(STEP);
    expect((await disable(token, input.password, 'abc')).errors).toEqual(malformed(app));
    expect((await disable(token, input.password, spaced(totp(secret), '-'))).errors).toEqual([]);

    const sms = await t.registerVerified();
    expect((await enable(sms.token, sms.input.password, 'SMS')).errors).toEqual([]);
    const code = await twoStepCode(sms.user.phoneNumber);
    expect((await confirm(sms.token, 'abc')).errors).toEqual(malformed(text));
    expect((await confirm(sms.token, ` ${spaced(code)} `)).errors).toEqual([]);
    const asked = (await login(sms.input.email, sms.input.password)).twoStep!.challenge;
    expect((await complete(asked, 'abc')).completeSignIn.errors).toEqual(malformed(text));
    expect((await complete(asked, spaced(await twoStepCode(sms.user.phoneNumber), '-'))).completeSignIn.errors).toEqual(
      [],
    );
  });

  it('refuses a TOTP code already used, in its window and on another challenge', async () => {
    const { input, secret } = await totpAccount();
    const code = totp(secret);
    const first = (await login(input.email, input.password)).twoStep!.challenge;
    expect((await complete(first, code)).completeSignIn.errors).toEqual([]);

    const second = (await login(input.email, input.password)).twoStep!.challenge;
    expect((await complete(second, code)).completeSignIn.errors).toEqual([
      expect.objectContaining({ code: 'INVALID_CODE', field: 'code', message: expect.stringMatching(/used already/) }),
    ]);
    // Still within ±1 step, the code before it is refused too: the step it proves is behind the last one used.
    time.advance(STEP);
    expect(errorCodes((await complete(second, code)).completeSignIn)).toEqual(['INVALID_CODE']);
    // The next code is fine, on the same challenge.
    expect((await complete(second, totp(secret))).completeSignIn.errors).toEqual([]);
  });

  it('takes codes a step early or late, and no further', async () => {
    const { input, secret } = await totpAccount();
    time.advance(5 * STEP);
    const challenge = (await login(input.email, input.password)).twoStep!.challenge;
    expect(errorCodes((await complete(challenge, totp(secret, -2))).completeSignIn)).toEqual(['INVALID_CODE']);
    expect(errorCodes((await complete(challenge, totp(secret, 2))).completeSignIn)).toEqual(['INVALID_CODE']);
    expect((await complete(challenge, totp(secret, 1))).completeSignIn.errors).toEqual([]);
  });

  it('ends a challenge after 5 wrong codes, recording each one and the end', async () => {
    const { input, user, secret } = await totpAccount();
    const challenge = (await login(input.email, input.password)).twoStep!.challenge;
    const wrong = other(totp(secret));
    for (let left = 4; left > 0; left--) {
      time.advance(1_000);
      const refused = (await complete(challenge, wrong)).completeSignIn;
      expect(refused.errors).toEqual([
        expect.objectContaining({ code: 'INVALID_CODE', field: 'code', message: expect.stringContaining(`${left}`) }),
      ]);
    }
    time.advance(1_000);
    expect(errorCodes((await complete(challenge, wrong)).completeSignIn)).toEqual(['TOO_MANY_ATTEMPTS']);
    // The right code no longer opens anything on this challenge.
    expect((await complete(challenge, totp(secret))).completeSignIn).toMatchObject({
      session: null,
      errors: [expect.objectContaining({ code: 'CODE_EXPIRED', field: 'challenge' })],
    });

    const audit = (await auditOf(user.id)).filter((row) => row.type.startsWith('two_step.'));
    expect(audit.filter((row) => row.type === 'two_step.failed')).toHaveLength(5);
    expect(audit.filter((row) => row.type === 'two_step.ended')).toEqual([
      {
        type: 'two_step.ended',
        outcome: 'failure',
        detail: JSON.stringify({ method: 'totp', reason: 'too_many_attempts' }),
      },
    ]);
    const failed = (await eventsOf(user.id)).filter((event) => event.type === 'user.two_step_failed');
    expect(failed.map((event) => event.data)).toEqual([
      { id: user.id, method: 'totp', attemptsLeft: 4, ended: false },
      { id: user.id, method: 'totp', attemptsLeft: 3, ended: false },
      { id: user.id, method: 'totp', attemptsLeft: 2, ended: false },
      { id: user.id, method: 'totp', attemptsLeft: 1, ended: false },
      { id: user.id, method: 'totp', attemptsLeft: 0, ended: true },
    ]);
  });

  it('takes at most 20 wrong codes an hour across an account’s challenges, so signing in again buys no more guesses', async () => {
    const { input, secret } = await totpAccount();
    const wrong = other(totp(secret));
    for (let challenges = 0; challenges < 4; challenges++) {
      const challenge = (await login(input.email, input.password)).twoStep!.challenge;
      for (let i = 0; i < 5; i++) await complete(challenge, wrong);
    }
    time.advance(10 * MINUTE);
    const fifth = (await login(input.email, input.password)).twoStep!.challenge;
    expect((await complete(fifth, totp(secret))).completeSignIn.errors).toEqual([
      expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 50 * 60 }),
    ]);
    time.advance(50 * MINUTE);
    const later = (await login(input.email, input.password)).twoStep!.challenge;
    expect((await complete(later, totp(secret))).completeSignIn.errors).toEqual([]);
  });

  it('counts wrong codes at disableTwoStep against the same 20 an hour, saying how many are left', async () => {
    const { input, token, secret } = await totpAccount();
    const wrong = other(totp(secret));
    for (let challenges = 0; challenges < 2; challenges++) {
      const challenge = (await login(input.email, input.password)).twoStep!.challenge;
      for (let i = 0; i < 5; i++) await complete(challenge, wrong);
    }
    for (let left = 9; left >= 0; left--)
      expect((await disable(token, input.password, wrong)).errors).toEqual([
        expect.objectContaining({
          code: 'INVALID_CODE',
          field: 'code',
          message: expect.stringContaining(left === 1 ? '1 try left' : `${left} tries left`),
        }),
      ]);
    expect((await disable(token, input.password, totp(secret))).errors).toEqual([
      expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 60 * 60 }),
    ]);
    // Signing in takes no more guesses either.
    const challenge = (await login(input.email, input.password)).twoStep!.challenge;
    expect(errorCodes((await complete(challenge, totp(secret))).completeSignIn)).toEqual(['RATE_LIMITED']);
    expect((await me(token))?.twoStep).toBe('TOTP');
    time.advance(60 * MINUTE);
    expect((await disable(token, input.password, totp(secret))).errors).toEqual([]);
  });

  it('is forgotten by housekeeping an hour after it ran out, when its wrong codes no longer count', async () => {
    const { input, user } = await totpAccount();
    await login(input.email, input.password);
    const sql = 'select count(*) as n from sign_in_challenges where user_id = ?';
    const challenges = async () => (await execute<{ n: number | string }[]>(t.app.database.db, sql, [user.id]))[0].n;
    const before = Number(await challenges());
    expect(before).toBe(1);
    time.advance(5 * MINUTE + 59 * MINUTE);
    await t.app.housekeeping.run();
    expect(Number(await challenges())).toBe(before);
    time.advance(2 * MINUTE);
    expect((await t.app.housekeeping.run())?.signInChallenges).toBeGreaterThanOrEqual(1);
    expect(Number(await challenges())).toBe(0);
  });

  it('refuses a challenge older than 5 minutes', async () => {
    const { input, secret } = await totpAccount();
    const challenge = (await login(input.email, input.password)).twoStep!.challenge;
    time.advance(5 * MINUTE + 1_000);
    expect((await complete(challenge, totp(secret))).completeSignIn).toMatchObject({
      session: null,
      errors: [
        expect.objectContaining({
          code: 'CODE_EXPIRED',
          field: 'challenge',
          message: expect.stringMatching(/5 minutes/),
        }),
      ],
    });
    expect((await complete('not-a-challenge', totp(secret))).completeSignIn.errors).toEqual([
      expect.objectContaining({ code: 'CODE_EXPIRED', field: 'challenge' }),
    ]);
  });

  it('takes an unused recovery code once, in any case and spacing, and tells the webhooks how many are left', async () => {
    const { input, user, recoveryCodes } = await totpAccount();
    const [code] = recoveryCodes;
    const challenge = (await login(input.email, input.password)).twoStep!.challenge;
    const { completeSignIn } = await complete(challenge, ` ${code.toUpperCase().replace('-', ' ')} `);
    expect(completeSignIn.errors).toEqual([]);
    const token = completeSignIn.session!.token;
    expect((await sessions(token)).find((session) => session.current)).toMatchObject({
      signedInWith: 'PASSWORD',
      secondStep: 'RECOVERY_CODE',
    });

    time.advance(1_000);
    const again = (await login(input.email, input.password)).twoStep!.challenge;
    expect(errorCodes((await complete(again, code)).completeSignIn)).toEqual(['INVALID_CODE']);
    expect((await complete(again, recoveryCodes[1])).completeSignIn.errors).toEqual([]);

    expect((await auditOf(user.id)).filter((row) => row.type === 'two_step.recovery_code_used')).toEqual([
      expect.objectContaining({ outcome: 'success', detail: JSON.stringify({ remaining: 9 }) }),
      expect.objectContaining({ outcome: 'success', detail: JSON.stringify({ remaining: 8 }) }),
    ]);
    expect(
      (await eventsOf(user.id)).filter((event) => event.type === 'user.recovery_code_used').map((event) => event.data),
    ).toEqual([
      { id: user.id, method: 'totp', remaining: 9 },
      { id: user.id, method: 'totp', remaining: 8 },
    ]);
  });

  it('opens one session when the same challenge is completed twice at once', async () => {
    const { input, secret, recoveryCodes } = await totpAccount();
    const challenge = (await login(input.email, input.password)).twoStep!.challenge;
    const results = await Promise.all([complete(challenge, totp(secret)), complete(challenge, recoveryCodes[0])]);
    expect(results.filter((result) => result.completeSignIn.session)).toHaveLength(1);
    // A recovery code is spent only with the sign-in it opened.
    const spentRecovery = results[1].completeSignIn.session !== null;
    const next = (await login(input.email, input.password)).twoStep!.challenge;
    expect(errorCodes((await complete(next, recoveryCodes[0])).completeSignIn)).toEqual(
      spentRecovery ? ['INVALID_CODE'] : [],
    );
  });

  it('sends an SMS code at sign-in for the SMS method, and again on request', async () => {
    const { input, user, recoveryCodes } = await smsAccount();
    expect(recoveryCodes).toHaveLength(10);
    const asked = await login(input.email, input.password, 'Phone/2.0');
    expect(asked.twoStep?.methods).toEqual(['SMS']);
    const first = await twoStepCode(user.phoneNumber);

    const resent = (await t.execute(SendTwoStepCodeDocument, { input: { challenge: asked.twoStep!.challenge } }))
      .sendTwoStepCode;
    expect(resent.errors).toEqual([]);
    expect(resent.verification).toMatchObject({ attemptsLeft: 5 });
    const second = await twoStepCode(user.phoneNumber);
    // Earlier codes stop working once a new one is sent.
    if (first !== second)
      expect(errorCodes((await complete(asked.twoStep!.challenge, first)).completeSignIn)).toEqual(['INVALID_CODE']);

    const { completeSignIn } = await complete(asked.twoStep!.challenge, second, 'Phone/2.0');
    expect(completeSignIn.errors).toEqual([]);
    expect((await sessions(completeSignIn.session!.token)).find((session) => session.current)).toMatchObject({
      userAgent: 'Phone/2.0',
      signedInWith: 'PASSWORD',
      secondStep: 'SMS',
    });
    // No challenge, no code.
    expect(
      errorCodes((await t.execute(SendTwoStepCodeDocument, { input: { challenge: 'nothing' } })).sendTwoStepCode),
    ).toEqual(['CODE_EXPIRED']);
  });

  it("answers a code sent again for a challenge with the challenge's tries left and its end", async () => {
    const { input, user } = await smsAccount();
    const asked = (await login(input.email, input.password)).twoStep!;
    const code = await twoStepCode(user.phoneNumber);
    for (let i = 0; i < 3; i++) {
      time.advance(1_000);
      expect(errorCodes((await complete(asked.challenge, other(code))).completeSignIn)).toEqual(['INVALID_CODE']);
    }
    const resent = (await t.execute(SendTwoStepCodeDocument, { input: { challenge: asked.challenge } }))
      .sendTwoStepCode;
    expect(resent.errors).toEqual([]);
    expect(resent.verification).toMatchObject({ attemptsLeft: 2, expiresAt: asked.expiresAt });
  });

  it('asks a TOTP account for the second step after a sign-in with a code, and not an SMS account', async () => {
    const withCode = async (email: string, phone: string) => {
      expect((await t.execute(RequestSignInCodeDocument, { input: { email } })).requestSignInCode.errors).toEqual([]);
      const code = /^Your sign-in code is (\d{6})\./.exec((await t.messagesTo(phone))[0])![1];
      return (await t.execute(SignInWithCodeDocument, { input: { email, code } })).signInWithCode;
    };
    const totpOne = await totpAccount();
    const asked = await withCode(totpOne.input.email, totpOne.user.phoneNumber);
    expect(asked).toMatchObject({ session: null, twoStep: { methods: ['TOTP'] }, errors: [] });
    const { completeSignIn } = await complete(asked.twoStep!.challenge, totp(totpOne.secret));
    expect((await sessions(completeSignIn.session!.token)).find((session) => session.current)).toMatchObject({
      signedInWith: 'CODE',
      secondStep: 'TOTP',
    });

    // The code went to the very phone an SMS second step would text again: it proves nothing more.
    const smsOne = await smsAccount();
    const signedIn = await withCode(smsOne.input.email, smsOne.user.phoneNumber);
    expect(signedIn.twoStep).toBeNull();
    expect((await sessions(signedIn.session!.token)).find((session) => session.current)).toMatchObject({
      signedInWith: 'CODE',
      secondStep: null,
    });
  });

  it('does not ask an SMS account for a second SMS after a reset by SMS', async () => {
    const { input, user } = await smsAccount();
    time.advance(MINUTE);
    await t.execute(RequestPasswordResetDocument, { input: { email: input.email } });
    const [text] = await t.messagesTo(user.phoneNumber);
    const code = /\d{6}/.exec(text)![0];
    const { resetPassword } = await t.execute(ResetPasswordDocument, {
      input: { email: input.email, code, newPassword: NEW_PASSWORD },
    });
    expect(resetPassword.errors).toEqual([]);
    expect(resetPassword.twoStep).toBeNull();
    expect((await sessions(resetPassword.session!.token)).find((session) => session.current)).toMatchObject({
      signedInWith: 'PASSWORD_RESET',
      secondStep: null,
    });
  });

  it('asks a TOTP account for the second step after a reset by SMS, and changes nothing until it is done', async () => {
    const { input, user, token, secret } = await totpAccount();
    await t.execute(RequestPasswordResetDocument, { input: { email: input.email } });
    const code = /\d{6}/.exec((await t.messagesTo(user.phoneNumber))[0])![0];
    const { resetPassword, cookies } = await t.execute(ResetPasswordDocument, {
      input: { email: input.email, code, newPassword: NEW_PASSWORD },
    });
    expect(resetPassword).toMatchObject({ user: null, session: null, twoStep: { methods: ['TOTP'] }, errors: [] });
    expect(cookies).toEqual([]);
    // Nothing changed yet: the old password, the old sessions, no text about a change.
    expect((await me(token))?.id).toBe(user.id);
    expect(errorCodes(await login(input.email, NEW_PASSWORD))).toEqual(['INVALID_CREDENTIALS']);
    expect((await login(input.email, input.password)).twoStep).not.toBeNull();
    // The reset code was spent on the challenge.
    expect(
      errorCodes(
        (await t.execute(ResetPasswordDocument, { input: { email: input.email, code, newPassword: NEW_PASSWORD } }))
          .resetPassword,
      ),
    ).not.toEqual([]);

    const { completeSignIn } = await complete(resetPassword.twoStep!.challenge, totp(secret));
    expect(completeSignIn.errors).toEqual([]);
    expect(await me(token)).toBeNull();
    const newSession = completeSignIn.session!.token;
    expect((await sessions(newSession)).map((session) => [session.signedInWith, session.secondStep])).toEqual([
      ['PASSWORD_RESET', 'TOTP'],
    ]);
    await t.app.smsQueue.deliverDue();
    expect((await t.messagesTo(user.phoneNumber))[0]).toBe(
      "Your password was just changed. If this wasn't you, contact support right away.",
    );
    expect(errorCodes(await login(input.email, input.password))).toEqual(['INVALID_CREDENTIALS']);
    expect((await login(input.email, NEW_PASSWORD)).twoStep?.methods).toEqual(['TOTP']);
    expect((await eventsOf(user.id)).map((event) => event.type)).toContain('user.password_reset');
  });

  it('ends a reset waiting for its second step when the password is changed meanwhile, so the newer one stays', async () => {
    const { input, user, token, secret } = await totpAccount();
    await t.execute(RequestPasswordResetDocument, { input: { email: input.email } });
    const code = /\d{6}/.exec((await t.messagesTo(user.phoneNumber))[0])![0];
    const { resetPassword } = await t.execute(ResetPasswordDocument, {
      input: { email: input.email, code, newPassword: NEW_PASSWORD },
    });
    expect(resetPassword.twoStep?.methods).toEqual(['TOTP']);
    const newer = 'the newest passphrase of all';
    const changed = await t.execute(
      ChangePasswordDocument,
      { input: { currentPassword: input.password, newPassword: newer } },
      { token },
    );
    expect(changed.changePassword.errors).toEqual([]);

    expect((await complete(resetPassword.twoStep!.challenge, totp(secret))).completeSignIn).toMatchObject({
      session: null,
      errors: [expect.objectContaining({ code: 'CODE_EXPIRED', field: 'challenge' })],
    });
    expect(errorCodes(await login(input.email, NEW_PASSWORD))).toEqual(['INVALID_CREDENTIALS']);
    expect((await login(input.email, newer)).twoStep?.methods).toEqual(['TOTP']);
  });

  it('turns the second step off with the password and a current code, removing the secret and the recovery codes', async () => {
    const { input, user, token, secret } = await totpAccount();
    expect(errorCodes(await disable(token, 'not the password', totp(secret)))).toEqual(['INVALID_CREDENTIALS']);
    expect(errorCodes(await disable(token, input.password, other(totp(secret))))).toEqual(['INVALID_CODE']);
    expect((await me(token))?.twoStep).toBe('TOTP');

    const disabled = await disable(token, input.password, totp(secret));
    expect(disabled.errors).toEqual([]);
    expect(disabled.user?.twoStep).toBeNull();
    const rows = async (table: string) =>
      execute(t.app.database.db, `select * from ${table} where user_id = ?`, [user.id]);
    expect(await rows('two_steps')).toEqual([]);
    expect(await rows('recovery_codes')).toEqual([]);
    const signedIn = await login(input.email, input.password);
    expect(signedIn.twoStep).toBeNull();
    expect(signedIn.session).not.toBeNull();
    expect(errorCodes(await disable(token, input.password, totp(secret, 1)))).toEqual(['INVALID_INPUT']);
  });

  it('turns the SMS method off with a code sent on request, or with a recovery code', async () => {
    const sms = await smsAccount();
    const sent = (await t.execute(SendTwoStepCodeDocument, { input: {} }, { token: sms.token })).sendTwoStepCode;
    expect(sent.errors).toEqual([]);
    const disabled = await disable(sms.token, sms.input.password, await twoStepCode(sms.user.phoneNumber));
    expect(disabled.errors).toEqual([]);
    expect(disabled.user?.twoStep).toBeNull();

    const totpOne = await totpAccount();
    expect((await disable(totpOne.token, totpOne.input.password, totpOne.recoveryCodes[3])).errors).toEqual([]);
    expect((await me(totpOne.token))?.twoStep).toBeNull();
    expect((await auditOf(totpOne.user.id)).map((row) => row.type)).toEqual(
      expect.arrayContaining(['two_step.recovery_code_used', 'two_step.disabled']),
    );
    // A TOTP account gets no SMS code to turn it off with.
    expect(
      errorCodes((await t.execute(SendTwoStepCodeDocument, { input: {} }, { token: totpOne.token })).sendTwoStepCode),
    ).toEqual(['INVALID_INPUT']);
  });

  it('keeps the TOTP secret sealed and the recovery codes hashed', async () => {
    const { user, secret, recoveryCodes } = await totpAccount();
    const [row] = await execute<Record<string, unknown>[]>(
      t.app.database.db,
      'select * from two_steps where user_id = ?',
      [user.id],
    );
    const stored = JSON.stringify(row);
    expect(row.method).toBe('totp');
    expect(stored).not.toContain(secret);
    expect(stored.toLowerCase()).not.toContain(Secret.fromBase32(secret).hex.toLowerCase());
    expect(stored).not.toContain(Buffer.from(Secret.fromBase32(secret).bytes).toString('base64'));
    const codes = JSON.stringify(
      await execute(t.app.database.db, 'select * from recovery_codes where user_id = ?', [user.id]),
    );
    for (const code of recoveryCodes) {
      expect(codes).not.toContain(code);
      expect(codes).not.toContain(code.replace('-', ''));
    }
  });

  it('records enabling, disabling, recovery codes and failures, in the audit log and the webhooks, and never a secret', async () => {
    const { input, user, token, secret, recoveryCodes } = await totpAccount();
    const challenge = (await login(input.email, input.password)).twoStep!.challenge;
    time.advance(1_000);
    await complete(challenge, other(totp(secret)));
    time.advance(1_000);
    await complete(challenge, recoveryCodes[0]);
    time.advance(STEP);
    const lastCode = totp(secret);
    await disable(token, input.password, lastCode);

    const audit = (await auditOf(user.id)).filter(
      (row) => row.type.startsWith('two_step.') || row.type.startsWith('login.'),
    );
    expect(audit.map(({ type, outcome, detail }) => [type, outcome, detail && JSON.parse(detail)])).toEqual([
      ['two_step.enabled', 'success', { method: 'totp' }],
      ['two_step.challenged', 'success', { method: 'totp', firstFactor: 'password' }],
      ['two_step.failed', 'failure', { method: 'totp', attemptsLeft: 4 }],
      ['login.succeeded', 'success', { method: 'password', secondStep: 'recovery-code' }],
      ['two_step.recovery_code_used', 'success', { remaining: 9 }],
      ['two_step.disabled', 'success', { method: 'totp' }],
    ]);
    const events = (await eventsOf(user.id)).map((event) => [event.type, event.data]);
    expect(events.filter(([type]) => String(type).includes('two_step') || String(type).includes('recovery'))).toEqual([
      ['user.two_step_enabled', { id: user.id, method: 'totp' }],
      ['user.two_step_failed', { id: user.id, method: 'totp', attemptsLeft: 4, ended: false }],
      ['user.recovery_code_used', { id: user.id, method: 'totp', remaining: 9 }],
      ['user.two_step_disabled', { id: user.id, method: 'totp' }],
    ]);
    const everything =
      JSON.stringify(await execute(t.app.database.db, 'select * from audit_events')) +
      JSON.stringify(await execute(t.app.database.db, 'select * from webhook_events'));
    for (const secretThing of [secret, challenge, lastCode, ...recoveryCodes])
      expect(everything).not.toContain(secretThing);
  });

  it('answers NOT_SIGNED_IN to every change of the second step without a session', async () => {
    for (const payload of [
      (await t.execute(EnableTwoStepDocument, { input: { password: 'x', method: 'TOTP' } })).enableTwoStep,
      (await t.execute(ConfirmTwoStepDocument, { input: { code: '123456' } })).confirmTwoStep,
      (await t.execute(DisableTwoStepDocument, { input: { password: 'x', code: '123456' } })).disableTwoStep,
      (await t.execute(SendTwoStepCodeDocument, { input: {} })).sendTwoStepCode,
    ])
      expect(errorCodes(payload)).toEqual(['NOT_SIGNED_IN']);
  });

  it('refuses to turn it on twice, and a wrong password before anything', async () => {
    const { input, token } = await totpAccount();
    expect(errorCodes(await enable(token, 'not the password', 'SMS'))).toEqual(['INVALID_CREDENTIALS']);
    expect((await enable(token, input.password, 'SMS')).errors).toEqual([
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'method' }),
    ]);
    expect((await me(token))?.twoStep).toBe('TOTP');
  });
});

describe("a second-step code by SMS, under the phone's code cooldown", () => {
  const time = fakeClock();
  const t = useTestApp({}, { clock: time.clock });
  const send = async (input: { challenge?: string }, token?: string) =>
    (await t.execute(SendTwoStepCodeDocument, { input }, { token })).sendTwoStepCode;

  it('says when the next code can be sent, and that moment is when one is taken again', async () => {
    const { input, token, user } = await t.registerVerified();
    time.advance(MINUTE);
    const enabled = (
      await t.execute(EnableTwoStepDocument, { input: { password: input.password, method: 'SMS' } }, { token })
    ).enableTwoStep;
    expect(enabled.errors).toEqual([]);
    const code = /\d{6}/.exec((await t.messagesTo(user.phoneNumber))[0])![0];
    expect((await t.execute(ConfirmTwoStepDocument, { input: { code } }, { token })).confirmTwoStep.errors).toEqual([]);
    time.advance(MINUTE);

    const first = await send({}, token);
    expect(first.errors).toEqual([]);
    const again = new Date(first.verification!.resendAvailableAt!);
    expect(again.getTime()).toBe(time.clock().getTime() + 30_000);
    expect(errorCodes(await send({}, token))).toEqual(['RATE_LIMITED']);
    time.advance(again.getTime() - time.clock().getTime());
    expect((await send({}, token)).errors).toEqual([]);
  });

  it('keeps the SMS set-up in progress when a repeat enableTwoStep is refused under the cooldown', async () => {
    const { input, token, user } = await t.registerVerified();
    time.advance(MINUTE);
    const enable = async () =>
      (await t.execute(EnableTwoStepDocument, { input: { password: input.password, method: 'SMS' } }, { token }))
        .enableTwoStep;
    expect((await enable()).errors).toEqual([]);
    const code = /\d{6}/.exec((await t.messagesTo(user.phoneNumber))[0])![0];
    expect((await enable()).errors).toEqual([expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 30 })]);
    const confirmed = (await t.execute(ConfirmTwoStepDocument, { input: { code } }, { token })).confirmTwoStep;
    expect(confirmed.errors).toEqual([]);
    expect(confirmed.user?.twoStep).toBe('SMS');
  });
});
