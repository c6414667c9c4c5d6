import { describe, expect, it } from 'vitest';
import {
  ChangePasswordDocument,
  LoginDocument,
  MeDocument,
  RegisterUserDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
} from '../client/generated/graphql';
import { estimatePassword, guessablePasswordMessage } from '../src/users/password-strength';
import { fakeClock } from './support/clock';
import { errorCodes } from './support/outcomes';
import { aPerson, useTestApp } from './support/test-app';

const ADA = ['Ada Lovelace', 'ada@example.com', 'ada'];

describe('the password estimate', () => {
  it.each(['password', '12345678', 'qwertyuiop', 'iloveyou1'])('calls %s guessable, and says why', (password) => {
    const estimate = estimatePassword(password, []);
    expect(estimate.guessable).toBe(true);
    expect(estimate.warning).toEqual(expect.any(String));
    expect(guessablePasswordMessage(estimate)).toContain(estimate.warning);
  });

  it('takes a passphrase of uncommon words', () => {
    expect(estimatePassword('correct horse battery staple', ADA)).toMatchObject({ score: 4, guessable: false });
  });

  it("scores a password built from the person's own name lower, and says so", () => {
    const alone = estimatePassword('ada lovelace 1815', []);
    const forAda = estimatePassword('ada lovelace 1815', ADA);
    expect(forAda.score).toBeLessThan(alone.score);
    expect(forAda.guessable).toBe(true);
    expect(guessablePasswordMessage(forAda)).toMatch(/your name or email/);
  });
});

describe('guessable passwords are refused where a password is set', () => {
  const time = fakeClock();
  const t = useTestApp({}, { clock: time.clock });

  it.each([
    ['password', /most used passwords/],
    ['12345678', /most used passwords/],
    ['qwertyuiop', /often used password/],
  ])('registerUser refuses %s with why, and keeps nothing', async (password, why) => {
    const person = aPerson();
    const { registerUser } = await t.execute(RegisterUserDocument, { input: { ...person, password } });
    expect(registerUser.user).toBeNull();
    expect(registerUser.errors).toEqual([
      { code: 'INVALID_INPUT', field: 'password', message: expect.stringMatching(why), retryAfter: null },
    ]);
    expect(await t.messagesTo(`+1${person.phoneNumber}`)).toEqual([]);
  });

  it("registerUser weighs the person's name and email", async () => {
    const { registerUser } = await t.execute(RegisterUserDocument, {
      input: { ...aPerson(), name: 'Ada Lovelace', password: 'ada lovelace 1815' },
    });
    expect(registerUser.errors).toEqual([
      expect.objectContaining({ field: 'password', message: expect.stringMatching(/your name or email/) }),
    ]);
    const local = aPerson();
    const fromEmail = await t.execute(RegisterUserDocument, {
      input: { ...local, email: 'zebediah.quintrell@example.com', password: 'zebediah quintrell' },
    });
    expect(fromEmail.registerUser.errors).toEqual([expect.objectContaining({ field: 'password' })]);
    expect(errorCodes((await t.execute(RegisterUserDocument, { input: aPerson() })).registerUser)).toEqual([]);
  });

  it('resetPassword refuses a guessable new password before the code is used, for the name too', async () => {
    const { input, user } = await t.registerVerified();
    time.advance(30_000);
    await t.execute(RequestPasswordResetDocument, { input: { email: input.email } });
    const code = await t.latestCode(user.phoneNumber);
    const reset = async (newPassword: string) =>
      (await t.execute(ResetPasswordDocument, { input: { email: input.email, code, newPassword } })).resetPassword;
    expect((await reset('password1')).errors).toEqual([
      expect.objectContaining({
        code: 'INVALID_INPUT',
        field: 'newPassword',
        message: expect.stringMatching(/too easy to guess\. This is a commonly used password\./),
      }),
    ]);
    expect((await reset('ada lovelace 1815')).errors).toEqual([
      expect.objectContaining({ field: 'newPassword', message: expect.stringMatching(/your name or email/) }),
    ]);
    expect(errorCodes(await reset('correct horse battery staple'))).toEqual([]);
  });
});

describe('changePassword', () => {
  const time = fakeClock();
  const t = useTestApp({}, { clock: time.clock });
  const change = async (token: string | undefined, currentPassword: string, newPassword: string) =>
    (await t.execute(ChangePasswordDocument, { input: { currentPassword, newPassword } }, { token })).changePassword;
  const login = async (email: string, password: string) =>
    (await t.execute(LoginDocument, { input: { email, password } })).login;
  const me = async (token: string) => (await t.execute(MeDocument, {}, { token })).me;

  it('needs a session', async () => {
    expect(await change(undefined, 'correct horse battery', 'a brand new passphrase')).toEqual({
      user: null,
      errors: [expect.objectContaining({ code: 'NOT_SIGNED_IN' })],
    });
  });

  it('checks the current password, counted like a login', async () => {
    const { input, token } = await t.registerVerified();
    for (let i = 0; i < 3; i++)
      expect((await change(token, 'not my password', 'a brand new passphrase')).errors).toEqual([
        expect.objectContaining({ code: 'INVALID_CREDENTIALS', field: 'currentPassword' }),
      ]);
    // The login slow-down holds here too, with the right password.
    expect(errorCodes(await change(token, input.password, 'a brand new passphrase'))).toEqual(['RATE_LIMITED']);
    expect(errorCodes(await login(input.email, input.password))).toEqual(['RATE_LIMITED']);
    time.advance(60_000);
  });

  it("refuses a guessable new password, the person's name included, and changes nothing", async () => {
    const { input, token } = await t.registerVerified({ name: 'Zebediah Quintrell' });
    expect((await change(token, input.password, 'qwertyuiop')).errors).toEqual([
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'newPassword', message: expect.stringMatching(/guess/) }),
    ]);
    expect((await change(token, input.password, 'zebediah quintrell 1815')).errors).toEqual([
      expect.objectContaining({ field: 'newPassword', message: expect.stringMatching(/your name or email/) }),
    ]);
    expect((await change(token, input.password, 'short')).errors).toEqual([
      expect.objectContaining({ field: 'newPassword', message: 'Password must be at least 8 characters.' }),
    ]);
    // Nothing would change, yet the other sessions would end and the phone be told it had.
    const other = (await login(input.email, input.password)).session!.token;
    expect((await change(token, input.password, input.password)).errors).toEqual([
      expect.objectContaining({
        code: 'INVALID_INPUT',
        field: 'newPassword',
        message: 'The new password is the one you have now. Choose another.',
      }),
    ]);
    expect((await me(other))?.email).toBe(input.email);
    expect(errorCodes(await login(input.email, input.password))).toEqual([]);
  });

  it('sets the new password, keeps this session, signs out the others and texts the owner', async () => {
    const { input, user, token } = await t.registerVerified();
    const other = (await login(input.email, input.password)).session!.token;
    const changed = await change(token, input.password, 'a brand new passphrase');
    expect(changed.errors).toEqual([]);
    expect(changed.user?.id).toBe(user.id);
    expect((await me(token))?.id).toBe(user.id);
    expect(await me(other)).toBeNull();
    await t.app.smsQueue.deliverDue();
    expect((await t.messagesTo(user.phoneNumber))[0]).toBe(
      "Your password was just changed. If this wasn't you, contact support right away.",
    );
    expect(errorCodes(await login(input.email, input.password))).toEqual(['INVALID_CREDENTIALS']);
    expect(errorCodes(await login(input.email, 'a brand new passphrase'))).toEqual([]);
  });
});
