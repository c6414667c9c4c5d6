import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LoginDocument,
  LogoutDocument,
  MeDocument,
  RegisterUserDocument,
  VerifyUserDocument,
} from '../client/generated/graphql';
import { startTestApp, type TestApp } from './support/test-app';

describe('the signup flow, as the tutorial walks it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('registers, verifies by SMS code, signs in and out, and back in', async () => {
    const input = { name: 'Grace Hopper', email: 'Grace@Example.com', password: 'cobol-1959!', countryCode: '+1', phoneNumber: '(415) 555-2671' };

    const { registerUser } = await t.execute(RegisterUserDocument, { input });
    expect(registerUser.errors).toEqual([]);
    expect(registerUser.message).toBe('A verification code was sent to your phone.');
    expect(registerUser.user).toMatchObject({ name: 'Grace Hopper', email: 'grace@example.com', phoneNumber: '+14155552671', verified: false });

    const code = await t.latestCode('+14155552671');
    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await t.execute(VerifyUserDocument, { input: { email: input.email, code: wrong } });
    expect(refused.verifyUser.errors.map((e) => e.code)).toEqual(['INVALID_CODE']);
    expect(refused.verifyUser.session).toBeNull();

    const { verifyUser, cookies } = await t.execute(VerifyUserDocument, { input: { email: input.email, code } });
    expect(verifyUser.errors).toEqual([]);
    expect(verifyUser.user?.verified).toBe(true);
    const token = verifyUser.session!.token;
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(cookies[0]).toMatch(/^session=[\w-]+; Path=\/; Expires=.+; HttpOnly; SameSite=Lax$/);

    expect((await t.execute(MeDocument, {}, { token })).me).toMatchObject({ email: 'grace@example.com', verified: true });
    expect((await t.messagesTo('+14155552671'))[0]).toBe('You did it! Signup complete :)');

    expect((await t.execute(LogoutDocument, {}, { token })).logout.loggedOut).toBe(true);
    expect((await t.execute(MeDocument, {}, { token })).me).toBeNull();

    const { login } = await t.execute(LoginDocument, { input: { email: 'grace@example.com', password: input.password } });
    expect(login.errors).toEqual([]);
    expect(login.session!.token).not.toBe(token);
    expect((await t.execute(MeDocument, {}, { token: login.session!.token })).me?.name).toBe('Grace Hopper');
  });

  it('answers me with null for a caller without a session', async () => {
    expect((await t.execute(MeDocument, {})).me).toBeNull();
  });
});
