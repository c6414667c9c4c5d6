import { describe, expect, it } from 'vitest';
import {
  LoginDocument,
  LogoutEverywhereDocument,
  MeDocument,
  RevokeSessionDocument,
  SessionsDocument,
} from '../client/generated/graphql';
import { Session } from '../src/sessions/session.entity';
import { fakeClock } from './support/clock';
import { errorCodes } from './support/outcomes';
import { useTestApp } from './support/test-app';

const PHONE_BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile Safari';
const LAPTOP_BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0';

describe('the session list', () => {
  const time = fakeClock();
  const t = useTestApp({ SESSION_RETENTION_DAYS: '30' }, { clock: time.clock });

  const signIn = async (email: string, password: string, userAgent: string) =>
    (await t.execute(LoginDocument, { input: { email, password } }, { userAgent })).login.session!.token;
  const list = async (token?: string) => (await t.execute(SessionsDocument, {}, { token })).sessions;
  const me = async (token: string) => (await t.execute(MeDocument, {}, { token })).me;

  it('lists the live sessions of two signed-in clients, each knowing which one it is', async () => {
    const { input } = await t.registerVerified();
    time.advance(1_000);
    const phone = await signIn(input.email, input.password, PHONE_BROWSER);
    time.advance(1_000);
    const laptop = await signIn(input.email, input.password, LAPTOP_BROWSER);
    const seen = await list(laptop);
    // The verification's session, then the two sign-ins, newest first.
    expect(seen).toHaveLength(3);
    expect(seen.slice(0, 2)).toEqual([
      expect.objectContaining({ userAgent: LAPTOP_BROWSER, current: true }),
      expect.objectContaining({ userAgent: PHONE_BROWSER, current: false }),
    ]);
    expect((await list(phone)).filter((session) => session.current).map((session) => session.userAgent)).toEqual([
      PHONE_BROWSER,
    ]);
    expect(await list()).toEqual([]);
  });

  it('notes when a session was last used, at most once a minute', async () => {
    const { input } = await t.registerVerified();
    const token = await signIn(input.email, input.password, PHONE_BROWSER);
    const lastUsed = async () => (await list(token)).find((session) => session.current)!.lastUsedAt;
    // A use is written off the request's path, so a list can answer before its own use is: the
    // first use is a request of its own, whose write execute() waits for.
    await me(token);
    const first = await lastUsed();
    expect(first).toBe(time.clock().toISOString());
    time.advance(30_000);
    await me(token);
    expect(await lastUsed()).toBe(first);
    time.advance(31_000);
    await me(token);
    expect(await lastUsed()).toBe(time.clock().toISOString());
  });

  it('keeps a long user agent to its first 256 characters', async () => {
    const { input } = await t.registerVerified();
    const token = await signIn(input.email, input.password, `${LAPTOP_BROWSER} ${'x'.repeat(1_000)}`);
    expect((await list(token)).find((session) => session.current)!.userAgent).toHaveLength(256);
  });

  it("revokes one's own session by id, and nobody else's", async () => {
    const { input } = await t.registerVerified();
    const phone = await signIn(input.email, input.password, PHONE_BROWSER);
    const laptop = await signIn(input.email, input.password, LAPTOP_BROWSER);
    const phoneId = (await list(phone)).find((session) => session.current)!.id;
    const stranger = await t.registerVerified();

    const foreign = await t.execute(RevokeSessionDocument, { input: { id: phoneId } }, { token: stranger.token });
    expect(foreign.revokeSession).toEqual({ revoked: false, errors: [] });
    for (const id of ['not-a-session', '00000000-0000-4000-8000-000000000000']) {
      expect((await t.execute(RevokeSessionDocument, { input: { id } }, { token: laptop })).revokeSession).toEqual({
        revoked: false,
        errors: [],
      });
    }
    expect(await me(phone)).not.toBeNull();

    expect(
      (await t.execute(RevokeSessionDocument, { input: { id: phoneId } }, { token: laptop })).revokeSession,
    ).toEqual({ revoked: true, errors: [] });
    expect(await me(phone)).toBeNull();
    expect(await me(laptop)).not.toBeNull();
    expect((await list(laptop)).map((session) => session.id)).not.toContain(phoneId);
    expect(errorCodes((await t.execute(RevokeSessionDocument, { input: { id: phoneId } })).revokeSession)).toEqual([
      'NOT_SIGNED_IN',
    ]);
  });

  it('logs out everywhere: every session of the user, this one included', async () => {
    const { input, token } = await t.registerVerified();
    const phone = await signIn(input.email, input.password, PHONE_BROWSER);
    const stranger = await t.registerVerified();
    const { logoutEverywhere, cookies } = await t.execute(LogoutEverywhereDocument, {}, { token: phone });
    expect(logoutEverywhere.loggedOut).toBe(true);
    expect(cookies).toEqual([expect.stringMatching(/^session=; Path=\/; Max-Age=0/)]);
    expect(await me(phone)).toBeNull();
    expect(await me(token)).toBeNull();
    expect(await me(stranger.token)).not.toBeNull();
    expect((await t.execute(LogoutEverywhereDocument, {})).logoutEverywhere.loggedOut).toBe(false);
  });

  it('is pruned of sessions ended more than SESSION_RETENTION_DAYS ago', async () => {
    const { input, token, user } = await t.registerVerified();
    await t.execute(LogoutEverywhereDocument, {}, { token });
    const live = await signIn(input.email, input.password, LAPTOP_BROWSER);
    time.advance(30 * 86_400_000 + 1_000);
    await t.app.housekeeping.run();
    const kept = await t.app.orm.em.fork().find(Session, { user: user.id });
    // The revoked one is gone; the one that expired just now (30 days' lifetime) is kept for 30 more.
    expect(kept).toHaveLength(1);
    expect(await me(live)).toBeNull();
  });
});
