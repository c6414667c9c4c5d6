import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  LoginDocument,
  LogoutDocument,
  LogoutEverywhereDocument,
  MeDocument,
  RevokeSessionDocument,
  SessionsDocument,
} from '../client/generated/graphql';
import { Session } from '../src/sessions/session.entity';
import { fakeClock } from './support/clock';
import { useTestApp } from './support/test-app';

const HOUR = 3600_000;

describe('login, logout and me', () => {
  const time = fakeClock();
  const t = useTestApp({ SESSION_TTL_HOURS: '24' }, { clock: time.clock });

  const login = async (email: string, password: string) =>
    (await t.execute(LoginDocument, { input: { email, password } })).login;
  const me = async (token?: string) => (await t.execute(MeDocument, {}, { token })).me;

  it('signs a verified user in, with any case of the email', async () => {
    const { input, user } = await t.registerVerified();
    const result = await login(input.email.toUpperCase(), input.password);
    expect(result.errors).toEqual([]);
    expect(result.user?.id).toBe(user.id);
    expect(new Date(result.session!.expiresAt).getTime()).toBe(time.clock().getTime() + 24 * HOUR);
    expect((await me(result.session!.token))?.id).toBe(user.id);
  });

  it('answers a wrong password and an unknown email alike, without saying which', async () => {
    const { input } = await t.registerVerified();
    const wrongPassword = await login(input.email, 'not the password');
    const unknownEmail = await login('nobody@example.com', input.password);
    expect(wrongPassword).toEqual({
      user: null,
      session: null,
      twoStep: null,
      errors: [expect.objectContaining({ code: 'INVALID_CREDENTIALS' })],
    });
    expect(unknownEmail).toEqual(wrongPassword);
  });

  it('never lets a password with a broken character match, though it hashes like a U+FFFD', async () => {
    const { input } = await t.registerVerified({ password: 'correct horse \ufffd battery' });
    for (const lone of ['\ud800', '\udc00']) {
      expect((await login(input.email, `correct horse ${lone} battery`)).errors).toEqual([
        expect.objectContaining({ code: 'INVALID_CREDENTIALS' }),
      ]);
    }
    expect((await login(input.email, input.password)).errors).toEqual([]);
  });

  it('tells the right password on an unverified account to verify first', async () => {
    const { input } = await t.register();
    expect((await login(input.email, input.password)).errors).toEqual([
      expect.objectContaining({ code: 'NOT_VERIFIED' }),
    ]);
    expect((await login(input.email, 'wrong password')).errors).toEqual([
      expect.objectContaining({ code: 'INVALID_CREDENTIALS' }),
    ]);
  });

  it('revokes only the current session on logout', async () => {
    const { input, token } = await t.registerVerified();
    const other = (await login(input.email, input.password)).session!.token;
    const { logout, cookies } = await t.execute(LogoutDocument, {}, { token });
    expect(logout.loggedOut).toBe(true);
    expect(cookies).toEqual([expect.stringMatching(/^session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/)]);
    expect(await me(token)).toBeNull();
    expect(await me(other)).not.toBeNull();
    expect((await t.execute(LogoutDocument, {}, { token })).logout.loggedOut).toBe(false);
  });

  it('tells a device revoked from another that its session had already ended, and signs nobody out', async () => {
    const { input, token: deviceA } = await t.registerVerified();
    const deviceB = (await login(input.email, input.password)).session!.token;
    const listedOnB = (await t.execute(SessionsDocument, {}, { token: deviceB })).sessions;
    const idOfA = listedOnB.find((session) => !session.current)!.id;
    const { revokeSession } = await t.execute(RevokeSessionDocument, { input: { id: idOfA } }, { token: deviceB });
    expect(revokeSession.revoked).toBe(true);

    const { logoutEverywhere, cookies } = await t.execute(LogoutEverywhereDocument, {}, { token: deviceA });
    expect(logoutEverywhere).toEqual({
      loggedOut: false,
      errors: [
        {
          code: 'NOT_SIGNED_IN',
          field: null,
          message: 'Your session had already ended. Sign in again to sign out your other devices.',
          retryAfter: null,
        },
      ],
    });
    // The dead cookie goes all the same, so the device ends up signed out.
    expect(cookies).toEqual([expect.stringMatching(/^session=; /)]);
    expect(await me(deviceB)).not.toBeNull();

    const { logout } = await t.execute(LogoutDocument, {}, { token: deviceA });
    expect(logout).toEqual({
      loggedOut: false,
      errors: [expect.objectContaining({ code: 'NOT_SIGNED_IN', message: expect.stringMatching(/already ended/) })],
    });
    expect((await t.execute(LogoutEverywhereDocument, {}, { token: deviceB })).logoutEverywhere).toEqual({
      loggedOut: true,
      errors: [],
    });
    expect(await me(deviceB)).toBeNull();
  });

  it('says so when a request without any session signs out', async () => {
    for (const answer of [
      (await t.execute(LogoutDocument, {})).logout,
      (await t.execute(LogoutEverywhereDocument, {})).logoutEverywhere,
    ])
      expect(answer).toEqual({
        loggedOut: false,
        errors: [expect.objectContaining({ code: 'NOT_SIGNED_IN', message: expect.stringMatching(/Sign in again/) })],
      });
  });

  it('forgets a session once it expires', async () => {
    const { token } = await t.registerVerified();
    time.advance(24 * HOUR - 1);
    expect(await me(token)).not.toBeNull();
    time.advance(1);
    expect(await me(token)).toBeNull();
  });

  it('stores only a hash of the token and ignores tokens it never issued', async () => {
    const { token } = await t.registerVerified();
    const stored = await t.app.orm.em.fork().find(Session, {});
    expect(stored.some((s) => s.tokenHash === token || s.tokenHash.includes(token))).toBe(false);
    // A one-way hash, not an encoding: SHA-256 of the token is what is kept.
    expect(stored.map((s) => s.tokenHash)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(await me(`${token}x`)).toBeNull();
    expect(await me('')).toBeNull();
  });
});
