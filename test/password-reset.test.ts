import { describe, expect, it, vi } from 'vitest';
import {
  ConfirmPhoneChangeDocument,
  LoginDocument,
  MeDocument,
  RegisterUserDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  StartPhoneChangeDocument,
  VerifyUserDocument,
} from '../client/generated/graphql';
import { UserStore } from '../src/users/user.store';
import { execute } from '../src/db/dialect';
import { fakeClock } from './support/clock';
import { answerWhileLookupHeld } from './support/held-lookup';
import { cookiePair } from './support/http-client';
import { captureLogs } from './support/log-capture';
import { errorCodes } from './support/outcomes';
import { type ProviderName, useRig } from './support/rig';
import { aPerson, startTestApp, useTestApp } from './support/test-app';

const NEW_PASSWORD = 'a brand new passphrase';
const MINUTE = 60_000;

describe('password reset by SMS', () => {
  const time = fakeClock();
  const t = useTestApp({}, { clock: time.clock });

  const request = async (email: string) =>
    (await t.execute(RequestPasswordResetDocument, { input: { email } })).requestPasswordReset;
  const reset = async (email: string, code: string, newPassword = NEW_PASSWORD) =>
    (await t.execute(ResetPasswordDocument, { input: { email, code, newPassword } })).resetPassword;
  const login = async (email: string, password: string) =>
    (await t.execute(LoginDocument, { input: { email, password } })).login;
  const me = async (token: string) => (await t.execute(MeDocument, {}, { token })).me;
  const resetCode = async (phone: string) => {
    const [text] = await t.messagesTo(phone);
    expect(text).toMatch(/^Your password reset code is \d{6}\./);
    return /\d{6}/.exec(text)![0];
  };
  const inSeconds = (seconds: number) => new Date(time.clock().getTime() + seconds * 1000).toISOString();
  /** A verified account, past the cooldown of its signup code. */
  const account = async () => {
    const verified = await t.registerVerified();
    time.advance(30_000);
    return verified;
  };

  it('texts a code to the verified phone; the right one sets the password, ends every session, opens one and says so by SMS', async () => {
    const { input, user, token } = await account();
    const other = (await login(input.email, input.password)).session!.token;
    // Failed logins a forgetful person made before asking: the slow-down would refuse the next.
    for (let i = 0; i < 3; i++)
      expect(errorCodes(await login(input.email, 'not my password'))).toEqual(['INVALID_CREDENTIALS']);
    expect(errorCodes(await login(input.email, input.password))).toEqual(['RATE_LIMITED']);

    expect(await request(input.email)).toEqual({
      message:
        'If a verified account has this email, a code is sent to its phone. If none arrives, ask again in 30 seconds.',
      verification: { expiresAt: null, attemptsLeft: null, resendAvailableAt: inSeconds(30) },
      errors: [],
    });
    const code = await resetCode(user.phoneNumber);
    // A password that will not do is refused before the code is looked at, so the code still works after.
    expect((await reset(input.email, code, 'short')).errors).toEqual([
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'newPassword' }),
    ]);
    expect(
      errorCodes(
        await reset(
          input.email,
          code.replace(/\d$/, (d) => String((Number(d) + 1) % 10)),
        ),
      ),
    ).toEqual(['INVALID_CODE']);

    const { resetPassword, cookies } = await t.execute(ResetPasswordDocument, {
      input: { email: input.email, code, newPassword: NEW_PASSWORD },
    });
    expect(resetPassword.errors).toEqual([]);
    expect(resetPassword.user?.email).toBe(input.email);
    expect(cookies[0]).toMatch(/^session=[\w-]+;/);
    expect(await me(token)).toBeNull();
    expect(await me(other)).toBeNull();
    expect((await me(resetPassword.session!.token))?.id).toBe(user.id);
    await t.app.smsQueue.deliverDue();
    expect((await t.messagesTo(user.phoneNumber))[0]).toBe(
      "Your password was just changed. If this wasn't you, contact support right away.",
    );

    expect(errorCodes(await login(input.email, input.password))).toEqual(['INVALID_CREDENTIALS']);
    // The failure counts were cleared with the reset: the new password works at once.
    expect(errorCodes(await login(input.email, NEW_PASSWORD))).toEqual([]);
    // Single use.
    expect(errorCodes(await reset(input.email, code, 'yet another passphrase'))).toEqual(['CODE_EXPIRED']);
  });

  it("keeps signup's code rules: 10 minutes, then 5 wrong tries", async () => {
    const { input, user } = await account();
    await request(input.email);
    const first = await resetCode(user.phoneNumber);
    time.advance(10 * MINUTE);
    expect(errorCodes(await reset(input.email, first))).toEqual(['CODE_EXPIRED']);

    time.advance(30_000);
    await request(input.email);
    const second = await resetCode(user.phoneNumber);
    const wrong = second.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    for (let i = 0; i < 4; i++) expect(errorCodes(await reset(input.email, wrong))).toEqual(['INVALID_CODE']);
    expect(errorCodes(await reset(input.email, wrong))).toEqual(['TOO_MANY_ATTEMPTS']);
    expect(errorCodes(await reset(input.email, second))).toEqual(['TOO_MANY_ATTEMPTS']);
  });

  it('sends nothing for unknown and unverified emails, and refuses a reset there as for a code long gone', async () => {
    const unverified = await t.register();
    time.advance(30_000);
    for (const email of ['nobody@example.com', unverified.input.email]) {
      expect(await request(email)).toEqual({
        message:
          'If a verified account has this email, a code is sent to its phone. If none arrives, ask again in 30 seconds.',
        verification: { expiresAt: null, attemptsLeft: null, resendAvailableAt: inSeconds(30) },
        errors: [],
      });
      expect(errorCodes(await reset(email, '123456'))).toEqual(['CODE_EXPIRED']);
    }
    expect(await t.messagesTo(unverified.user.phoneNumber)).toHaveLength(1);
  });

  it('never takes a code made for another purpose: signup, phone change and reset codes stay apart', async () => {
    // An unverified account's signup code resets nothing.
    const { input: signup, user: unverified } = await t.register();
    expect(errorCodes(await reset(signup.email, await t.latestCode(unverified.phoneNumber)))).toEqual(['CODE_EXPIRED']);

    // A verified account with a phone change and a reset both waiting: each code works only for its own.
    const { input, user, token } = await account();
    const newPhone = aPerson().phoneNumber;
    expect(
      (
        await t.execute(
          StartPhoneChangeDocument,
          { input: { password: input.password, countryCode: '1', phoneNumber: newPhone } },
          { token },
        )
      ).startPhoneChange.errors,
    ).toEqual([]);
    const changeCode = /\d{6}/.exec((await t.messagesTo(`+1${newPhone}`))[0])![0];
    await request(input.email);
    const code = await resetCode(user.phoneNumber);
    expect(errorCodes(await reset(input.email, changeCode))).toEqual(changeCode === code ? [] : ['INVALID_CODE']);
    if (changeCode === code) return; // One in a million: the same six digits twice.
    expect(
      errorCodes((await t.execute(ConfirmPhoneChangeDocument, { input: { code } }, { token })).confirmPhoneChange),
    ).toEqual(['INVALID_CODE']);
    expect(
      errorCodes((await t.execute(VerifyUserDocument, { input: { email: input.email, code } })).verifyUser),
    ).toEqual(['ALREADY_VERIFIED']);
    expect(errorCodes(await reset(input.email, code))).toEqual([]);
  });

  it('limits requests per email, a code every 30 s and 3 an hour, answering alike for every email', async () => {
    const { input, user } = await account();
    expect(errorCodes(await request(input.email))).toEqual([]);
    expect((await request(input.email)).errors).toEqual([
      expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 30 }),
    ]);
    expect((await request('nobody-else@example.com')).errors).toEqual([]);
    expect((await request('nobody-else@example.com')).errors).toEqual([
      expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 30 }),
    ]);
    for (let i = 0; i < 2; i++) {
      time.advance(30_000);
      expect(errorCodes(await request(input.email))).toEqual([]);
    }
    time.advance(30_000);
    expect(errorCodes(await request(input.email))).toEqual(['RATE_LIMITED']);
    // Three reset codes, and the signup code and confirmation before them.
    expect(
      (await t.messagesTo(user.phoneNumber)).filter((text) => text.startsWith('Your password reset code')),
    ).toHaveLength(3);
  });

  it('says when the email may ask again, from its own limits alone, alike for a known and an unknown email', async () => {
    const { input } = await account();
    const unknown = 'nobody-that-asks@example.com';
    const waitFor = (seconds: number) => ({
      expiresAt: null,
      attemptsLeft: null,
      resendAvailableAt: inSeconds(seconds),
    });
    for (const email of [input.email, unknown]) {
      expect((await request(email)).verification).toEqual(waitFor(30));
      // Refused within the cooldown, the answer carries it too, so a page can count down.
      time.advance(10_000);
      expect(await request(email)).toEqual({
        message: null,
        verification: waitFor(20),
        errors: [expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 20 })],
      });
      time.advance(20_000);
      expect((await request(email)).verification).toEqual(waitFor(30));
      time.advance(30_000);
      // The third of the hour: the next is allowed once the email's hour is over, an hour after its first.
      expect((await request(email)).verification).toEqual(waitFor(3600 - 60));
      time.advance(3600_000);
    }
  });

  it("is not held back by codes that throwaway signups with the owner's number used up", async () => {
    const { input, user } = await account();
    const national = user.phoneNumber.replace(/^\+1/, '');
    const signUp = async () =>
      errorCodes(
        (await t.execute(RegisterUserDocument, { input: { ...aPerson(), phoneNumber: national } })).registerUser,
      );
    // With the owner's own signup code, these spend the number's 5 codes an hour.
    for (let i = 0; i < 4; i++) {
      expect(await signUp()).toEqual([]);
      time.advance(30_000);
    }
    expect(await signUp()).toEqual(['RATE_LIMITED']);
    expect(errorCodes(await request(input.email))).toEqual([]);
    const code = await resetCode(user.phoneNumber);
    expect(errorCodes(await reset(input.email, code))).toEqual([]);
  });

  it('sends an acknowledged code even when the process that answered stops before sending it', async () => {
    const { input, user } = await account();
    // The answer is out; then the process stops, say, before the account was even looked up.
    const stopped = vi
      .spyOn(UserStore.prototype, 'findVerifiedByEmail')
      .mockRejectedValueOnce(new Error('the process stopped'));
    try {
      expect(errorCodes(await request(input.email))).toEqual([]);
      expect(errorCodes(await request('nobody-known@example.com'))).toEqual([]);
    } finally {
      stopped.mockRestore();
    }
    expect((await t.messagesTo(user.phoneNumber)).filter((text) => /^Your password reset code/.test(text))).toEqual([]);
    // Any instance's poll takes the request up once the lease of the process that stopped is over.
    time.advance(15_000);
    await t.app.codeRequests.deliverDue();
    const code = await resetCode(user.phoneNumber);
    expect(errorCodes(await reset(input.email, code))).toEqual([]);
    const [{ n }] = await execute<{ n: number | string }[]>(
      t.app.database.db,
      'select count(*) as n from code_requests',
    );
    expect(Number(n)).toBe(0);
  });

  it('answers before it looks the account up', async () => {
    const { input } = await account();
    const held = await answerWhileLookupHeld(
      t.app,
      'findVerifiedByEmail',
      RequestPasswordResetDocument,
      { input: { email: input.email } },
      '198.51.100.77',
    );
    expect(held).toEqual({
      data: {
        requestPasswordReset: { message: expect.any(String), verification: expect.any(Object), errors: [] },
      },
      callsAtAnswer: 0,
      callsAfter: 1,
    });
  });
});

describe('the global SMS cap and password resets', () => {
  it('counts every reset code and notice against RATE_LIMIT_SMS_GLOBAL', async () => {
    const time = fakeClock();
    const t = await startTestApp({ RATE_LIMIT_SMS_GLOBAL: '3/1h' }, { clock: time.clock });
    try {
      // A code and a confirmation: two of the hour's three.
      const { input, user } = await t.registerVerified();
      time.advance(30_000);
      await t.execute(RequestPasswordResetDocument, { input: { email: input.email } });
      // The reset code took the third; a signup now is refused by the cap.
      expect((await t.messagesTo(user.phoneNumber))[0]).toMatch(/^Your password reset code/);
      const { registerUser } = await t.execute(RegisterUserDocument, { input: aPerson() });
      expect(errorCodes(registerUser)).toEqual(['RATE_LIMITED']);
    } finally {
      await t.close();
    }
  });
});

describe('a password reset while the global SMS cap is spent', () => {
  const time = fakeClock();
  const t = useTestApp({ RATE_LIMIT_SMS_GLOBAL: '2/1h' }, { clock: time.clock });

  it('answers RATE_LIMITED with when to ask again, alike for every email, rather than promise a code', async () => {
    // A code and a confirmation: the hour's two.
    const { input, user } = await t.registerVerified();
    time.advance(30_000);
    const asked = async (email: string) =>
      (await t.execute(RequestPasswordResetDocument, { input: { email } })).requestPasswordReset.errors;
    const refused = [expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 3570 })];
    expect(await asked(input.email)).toEqual(refused);
    expect(await asked('nobody-at-all@example.com')).toEqual(refused);
    // The answer says when, as a countdown can show it.
    const { requestPasswordReset } = await t.execute(RequestPasswordResetDocument, { input: { email: input.email } });
    expect(requestPasswordReset.verification).toEqual({
      expiresAt: null,
      attemptsLeft: null,
      resendAvailableAt: new Date(time.clock().getTime() + 3570_000).toISOString(),
    });
    // Nothing was counted against the email: once the cap's hour is over, the reset goes through.
    time.advance(3570_000);
    expect(await asked(input.email)).toEqual([]);
    expect((await t.messagesTo(user.phoneNumber))[0]).toMatch(/^Your password reset code/);
  });
});

describe.each(['twilio-verify', 'authy'] as ProviderName[])('password reset with %s', (provider) => {
  const rig = useRig(provider, 'twilio', { env: { RATE_LIMIT_CODE_COOLDOWN: 'off' } });

  it('asks the provider nothing for an email no reset was asked for, known or not, and says the same', async () => {
    const { t, twilio, authy } = rig;
    const { input } = await t.registerVerified();
    const before = twilio.requests.length + authy.requests.length;
    for (const email of [input.email, 'nobody-here@example.com']) {
      expect(
        errorCodes(
          (await t.execute(ResetPasswordDocument, { input: { email, code: '123456', newPassword: NEW_PASSWORD } }))
            .resetPassword,
        ),
      ).toEqual(['CODE_EXPIRED']);
    }
    expect(twilio.requests.length + authy.requests.length).toBe(before);
  });

  it('sends the code through the provider and checks it there, registering an Authy user again where Authy forgot it', async () => {
    const { t } = rig;
    const { input, user } = await t.registerVerified();
    // As Authy's console would: the person's Authy user is deleted behind the app's back.
    if (provider === 'authy')
      rig.authy.users.splice(
        rig.authy.users.findIndex((u) => `+${u.countryCode}${u.cellphone}` === user.phoneNumber),
        1,
      );
    await t.execute(RequestPasswordResetDocument, { input: { email: input.email } });
    const code = await t.latestCode(user.phoneNumber);
    const { resetPassword } = await t.execute(ResetPasswordDocument, {
      input: { email: input.email, code, newPassword: NEW_PASSWORD },
    });
    expect(resetPassword.errors).toEqual([]);
    expect(
      errorCodes((await t.execute(LoginDocument, { input: { email: input.email, password: NEW_PASSWORD } })).login),
    ).toEqual([]);
  });
});

describe("a reset asked for right after signup, over HTTP in the README's order", () => {
  const time = fakeClock();
  const logs = captureLogs('warn');
  const t = useTestApp({}, { clock: time.clock, logger: logs.logger });

  /** The README's curl steps, each a real HTTP request, with the clock standing still between them. */
  const post = async (query: string, cookie = '') => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data: Record<string, { errors?: unknown[] } & Record<string, unknown>> };
    // What the request started in the background (a requested code) is done before the test looks.
    await t.app.settled();
    return { data: body.data, cookie: cookiePair(response) || cookie };
  };
  const signUpAndVerify = async () => {
    const person = aPerson();
    const phone = `+1${person.phoneNumber}`;
    const { data: signup } = await post(
      `mutation { registerUser(input: { name: "${person.name}", email: "${person.email}", password: "${person.password}", countryCode: "1", phoneNumber: "${person.phoneNumber}" }) { message errors { code message } } }`,
    );
    expect(signup.registerUser.errors).toEqual([]);
    const code = await t.latestCode(phone);
    const verified = await post(
      `mutation { verifyUser(input: { email: "${person.email}", code: "${code}" }) { user { verified } errors { code message } } }`,
    );
    expect(verified.data.verifyUser.errors).toEqual([]);
    return { person, phone, cookie: verified.cookie };
  };
  const askReset = async (email: string) =>
    (await post(`mutation { requestPasswordReset(input: { email: "${email}" }) { message errors { code message } } }`))
      .data.requestPasswordReset;

  it('texts the reset code at once, though the signup code went out seconds before, and the code resets', async () => {
    const { person, phone, cookie } = await signUpAndVerify();
    // The README's walk in between: who am I, sign out, sign back in, ask for a signup code again.
    await post('{ me { name } }', cookie);
    await post('mutation { logout { loggedOut } }', cookie);
    await post(
      `mutation { login(input: { email: "${person.email}", password: "${person.password}" }) { errors { code } } }`,
    );
    await post(`mutation { resendCode(input: { email: "${person.email}" }) { message errors { code } } }`);

    expect((await askReset(person.email)).errors).toEqual([]);
    const [newest] = await t.messagesTo(phone);
    expect(newest).toMatch(/^Your password reset code is \d{6}\./);
    const code = await t.latestCode(phone);
    const { data } = await post(
      `mutation { resetPassword(input: { email: "${person.email}", code: "${code}", newPassword: "${NEW_PASSWORD}" }) { user { name } errors { code message } } }`,
    );
    expect(data.resetPassword.errors).toEqual([]);
  });

  it("says in the log which of the phone's limits held a reset code back, and when it reopens", async () => {
    const { person, phone } = await signUpAndVerify();
    // A second verified account on the same number takes the reset budget's 30 s first.
    time.advance(30_000);
    const other = (await t.registerVerified({ phoneNumber: person.phoneNumber })).input;
    expect((await askReset(other.email)).errors).toEqual([]);
    logs.lines.length = 0;
    expect((await askReset(person.email)).errors).toEqual([]);
    expect((await t.messagesTo(phone)).filter((text) => text.startsWith('Your password reset code'))).toHaveLength(1);
    const [line] = logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.purpose);
    expect(line).toMatchObject({
      purpose: 'password-reset',
      limit: 'RATE_LIMIT_CODE_COOLDOWN',
      reopensAt: new Date(time.clock().getTime() + 30_000).toISOString(),
    });
    expect(line.msg).toMatch(/RATE_LIMIT_CODE_COOLDOWN/);
    expect(line.msg).not.toMatch(/too many codes/);
    expect(JSON.stringify(line)).not.toContain(person.email);
  });
});
