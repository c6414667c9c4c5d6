import { afterAll, describe, expect, it } from 'vitest';
import {
  LoginDocument,
  LogoutDocument,
  LogoutEverywhereDocument,
  MeDocument,
  RevokeSessionDocument,
  SessionsDocument,
} from '../client/generated/graphql';
import { fakeClock } from './support/clock';
import { testDialect, useTestDatabases } from './support/database';
import { startTestApp, type TestApp } from './support/test-app';

describe('the session cache', () => {
  const newDatabase = useTestDatabases();
  const apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((t) => t.close()));
  });

  /** Two instances sharing one database, as behind a load balancer. */
  async function twoInstances(env: Record<string, string>) {
    const time = fakeClock();
    const shared = { DATABASE_URL: await newDatabase(), ...env };
    const [a, b] = [
      await startTestApp(shared, { clock: time.clock }),
      await startTestApp(shared, { clock: time.clock }),
    ];
    apps.push(a, b);
    return { a, b, time };
  }
  const me = async (t: TestApp, token: string) => (await t.execute(MeDocument, {}, { token })).me;

  it('lets a revocation by another instance take effect at once on PostgreSQL, within SESSION_CACHE_TTL_MS on SQLite, and at once on its own', async () => {
    const { a, b, time } = await twoInstances({ SESSION_CACHE_TTL_MS: '5000' });
    const { token } = await a.registerVerified();
    expect(await me(a, token)).not.toBeNull();
    expect(await me(b, token)).not.toBeNull();

    expect((await b.execute(LogoutDocument, {}, { token })).logout.loggedOut).toBe(true);
    expect(await me(b, token)).toBeNull();
    if (testDialect === 'postgres') {
      // LISTEN/NOTIFY: instance a hears of the logout and drops its cached session long before the TTL.
      await expect.poll(() => me(a, token), { timeout: 1_000, interval: 20 }).toBeNull();
    } else {
      // Instance a answered from its cache a moment ago, and may for up to the TTL.
      expect(await me(a, token)).not.toBeNull();
      time.advance(5_000);
      expect(await me(a, token)).toBeNull();
    }
  });

  it('ends revoked and logged-out-everywhere sessions on the other instance too', async () => {
    const { a, b, time } = await twoInstances({ SESSION_CACHE_TTL_MS: '5000' });
    const { input, token } = await a.registerVerified();
    const second = (await a.execute(LoginDocument, { input: { email: input.email, password: input.password } })).login
      .session!.token;
    const secondId = (await a.execute(SessionsDocument, {}, { token: second })).sessions.find(
      (session) => session.current,
    )!.id;
    expect(await me(a, second)).not.toBeNull();
    expect(await me(a, token)).not.toBeNull();

    // Each on its own: the one by session id, then the one for every session of the user.
    expect((await b.execute(RevokeSessionDocument, { input: { id: secondId } }, { token })).revokeSession.revoked).toBe(
      true,
    );
    if (testDialect === 'postgres') await expect.poll(() => me(a, second), { timeout: 1_000, interval: 20 }).toBeNull();
    else {
      expect(await me(a, second)).not.toBeNull();
      time.advance(5_000);
      expect(await me(a, second)).toBeNull();
    }
    expect(await me(a, token)).not.toBeNull();
    expect((await b.execute(LogoutEverywhereDocument, {}, { token })).logoutEverywhere.loggedOut).toBe(true);
    if (testDialect === 'postgres') await expect.poll(() => me(a, token), { timeout: 1_000, interval: 20 }).toBeNull();
    else {
      time.advance(5_000);
      expect(await me(a, token)).toBeNull();
    }
  });

  it('answers me from the cache without a statement on users or sessions, and reads again after SESSION_CACHE_TTL_MS', async () => {
    const time = fakeClock();
    const t = await startTestApp(
      { DATABASE_URL: await newDatabase(), SESSION_CACHE_TTL_MS: '5000' },
      { clock: time.clock },
    );
    apps.push(t);
    const { token } = await t.registerVerified();
    expect(await me(t, token)).not.toBeNull();

    // Every statement the app sends, on the writer and the reader; the SMS queue's poll and others are left out below.
    const statements: string[] = [];
    const em = t.app.database.db.em;
    for (const knex of new Set([em.getConnection('write').getKnex(), em.getConnection('read').getKnex()])) {
      knex.on('query', (query: { sql: string }) => statements.push(query.sql));
    }
    const onAccounts = () => statements.filter((sql) => /\b(users|sessions)\b/.test(sql));
    for (let i = 0; i < 20; i++) expect(await me(t, token)).not.toBeNull();
    expect(onAccounts()).toEqual([]);

    time.advance(5_001);
    expect(await me(t, token)).not.toBeNull();
    expect(onAccounts().length).toBeGreaterThan(0);
  });

  it('can be turned off, so a revocation anywhere takes effect at once', async () => {
    const { a, b } = await twoInstances({ SESSION_CACHE_TTL_MS: '0' });
    const { token } = await a.registerVerified();
    expect(await me(a, token)).not.toBeNull();
    await b.execute(LogoutDocument, {}, { token });
    expect(await me(a, token)).toBeNull();
  });
});
