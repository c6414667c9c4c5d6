import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LogoutDocument,
  MeDocument,
  RegisterUserDocument,
  ResendCodeDocument,
  VerifyUserDocument,
} from '../client/generated/graphql';
import { postgresMigrations } from '../src/db/migrations/postgres';
import { createTestDatabase, type TestDatabase } from './support/database';
import { postGraphQL } from './support/http-client';
import { startPostgresCluster, createDatabase, type PostgresCluster } from './support/postgres-cluster';
import { startServer, type ServerProcess } from './support/server-process';
import { aPerson, codeInNewestMessage, TEST_SECRET } from './support/test-app';

/** Settings every instance shares, as a deployment's would: one secret, the session cache on for long. */
const SHARED = {
  APP_SECRET: TEST_SECRET,
  SESSION_CACHE_TTL_MS: '60000',
  RATE_LIMIT_VERIFY_IP: 'off',
  RATE_LIMIT_REGISTER_IP: 'off',
  RATE_LIMIT_RESEND_IP: 'off',
};
const CONFIRMATION = 'You did it! Signup complete :)';

/** Two instances in processes of their own on one PostgreSQL database, as behind a load balancer. */
async function twoInstances(url: string, env: Record<string, string> = {}): Promise<[ServerProcess, ServerProcess]> {
  const [a, b] = await Promise.all([
    startServer({ ...SHARED, ...env, DATABASE_URL: url }),
    startServer({ ...SHARED, ...env, DATABASE_URL: url }),
  ]);
  return [a, b];
}

async function outbox(instance: ServerProcess, phone: string): Promise<string[]> {
  const response = await fetch(new URL(`/dev/outbox?to=${encodeURIComponent(phone)}`, instance.url));
  return ((await response.json()) as { body: string }[]).map((message) => message.body);
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('several instances on one PostgreSQL database', () => {
  let database: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    database = await createTestDatabase();
    [a, b] = await twoInstances(database.url);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  async function register(on: ServerProcess) {
    const person = aPerson();
    const { data } = await postGraphQL(on.url, RegisterUserDocument, { input: person });
    expect(data.registerUser.errors).toEqual([]);
    return { person, phone: data.registerUser.user!.phoneNumber };
  }

  it('registers on one, verifies on the other, and knows the session on both', async () => {
    const { person, phone } = await register(a);
    const code = codeInNewestMessage(await outbox(b, phone), phone);
    const verified = await postGraphQL(b.url, VerifyUserDocument, { input: { email: person.email, code } });
    expect(verified.data.verifyUser.errors).toEqual([]);
    const me = await postGraphQL(a.url, MeDocument, {}, bearer(verified.data.verifyUser.session!.token));
    expect(me.data.me).toMatchObject({ email: person.email, verified: true });
  });

  it('ends a session everywhere within a second of a logout on one instance, with the session cache on', async () => {
    const { person, phone } = await register(a);
    const code = codeInNewestMessage(await outbox(a, phone), phone);
    const token = (await postGraphQL(a.url, VerifyUserDocument, { input: { email: person.email, code } })).data
      .verifyUser.session!.token;
    // Both instances now hold the session in their caches, for a minute.
    expect((await postGraphQL(a.url, MeDocument, {}, bearer(token))).data.me).not.toBeNull();
    expect((await postGraphQL(b.url, MeDocument, {}, bearer(token))).data.me).not.toBeNull();

    expect((await postGraphQL(b.url, LogoutDocument, {}, bearer(token))).data.logout.loggedOut).toBe(true);
    const loggedOutAt = performance.now();
    await expect
      .poll(async () => (await postGraphQL(a.url, MeDocument, {}, bearer(token))).data.me, {
        timeout: 1_000,
        interval: 25,
      })
      .toBeNull();
    expect(performance.now() - loggedOutAt).toBeLessThan(1_000);
  });

  it('counts resend limits across instances together', async () => {
    const { person } = await register(a);
    const resend = (on: ServerProcess) => postGraphQL(on.url, ResendCodeDocument, { input: { email: person.email } });
    // RATE_LIMIT_CODE_COOLDOWN allows one request per email in 30 s, wherever it lands.
    expect((await resend(a)).data.resendCode.errors).toEqual([]);
    expect((await resend(b)).data.resendCode.errors.map((e) => e.code)).toEqual(['RATE_LIMITED']);
    expect((await resend(a)).data.resendCode.errors.map((e) => e.code)).toEqual(['RATE_LIMITED']);
  });

  it('lets exactly one of 20 concurrent right-code checks, split across instances, sign in and confirm', async () => {
    const { person, phone } = await register(a);
    const code = codeInNewestMessage(await outbox(a, phone), phone);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postGraphQL(i % 2 ? b.url : a.url, VerifyUserDocument, { input: { email: person.email, code } }),
      ),
    );
    expect(results.map((r) => r.response.status)).toEqual(Array(20).fill(200));
    expect(results.filter((r) => r.data.verifyUser.session).length).toBe(1);
    const [{ sessions }] = await query<{ sessions: string }>(
      database.url,
      'select count(*) as sessions from sessions join users on users.id = sessions.user_id where users.email = $1',
      [person.email],
    );
    expect(Number(sessions)).toBe(1);
    await expect
      .poll(async () => (await outbox(a, phone)).filter((body) => body === CONFIRMATION).length, { timeout: 5_000 })
      .toBe(1);
    const [{ queued, attempts }] = await query<{ queued: string; attempts: string }>(
      database.url,
      'select count(*) as queued, sum(attempts) as attempts from sms_queue where "to" = $1',
      [phone],
    );
    expect(Number(queued)).toBe(1);
    expect(Number(attempts)).toBe(1);
  });

  it('delivers each due message once while both instances poll the queue', async () => {
    const messages = Array.from({ length: 30 }, (_, i) => ({
      to: `+1415555${String(9000 + i)}`,
      body: `due message ${i}`,
    }));
    for (const { to, body } of messages) {
      await query(
        database.url,
        `insert into sms_queue ("to", body, status, attempts, next_attempt_at, created_at) values ($1, $2, 'pending', 0, now(), now())`,
        [to, body],
      );
    }
    await expect
      .poll(
        async () =>
          Number(
            (
              await query<{ n: string }>(
                database.url,
                `select count(*) as n from sms_queue where body like 'due message %' and status = 'sent'`,
              )
            )[0].n,
          ),
        {
          timeout: 10_000,
          interval: 100,
        },
      )
      .toBe(30);
    const rows = await query<{ body: string; copies: string }>(
      database.url,
      `select body, count(*) as copies from dev_outbox_messages where body like 'due message %' group by body`,
    );
    expect(rows).toHaveLength(30);
    expect(rows.every((row) => Number(row.copies) === 1)).toBe(true);
    const [{ attempts }] = await query<{ attempts: string }>(
      database.url,
      `select count(*) as attempts from sms_delivery_attempts join sms_queue on sms_queue.id = sms_delivery_attempts.message_id where body like 'due message %'`,
    );
    expect(Number(attempts)).toBe(30);
  });
});

describe('instances starting together on an empty database', () => {
  // The tight race, several migrators at the same moment, is in migrations.test.ts; this is the whole start.
  it('all come up, the migrations applied once', { timeout: 60_000 }, async () => {
    const database = await createTestDatabase();
    const instances = await Promise.allSettled(
      [0, 1].map(() => startServer({ ...SHARED, DATABASE_URL: database.url })),
    );
    try {
      expect(instances.map((started) => started.status)).toEqual(['fulfilled', 'fulfilled']);
      const applied = await query<{ name: string }>(database.url, 'select name from mikro_orm_migrations order by id');
      expect(applied.map((row) => row.name)).toEqual(postgresMigrations.map((migration) => migration.name));
    } finally {
      await Promise.all(
        instances.map((started) => (started.status === 'fulfilled' ? started.value.stop() : undefined)),
      );
      await database.drop();
    }
  });
});

describe('a PostgreSQL restart while instances serve', () => {
  let cluster: PostgresCluster;
  let instances: [ServerProcess, ServerProcess] | undefined;
  beforeAll(async () => {
    // A server of this suite's own, since it is stopped and started under the instances.
    cluster = await startPostgresCluster();
  });
  afterAll(async () => {
    await Promise.all(instances?.map((instance) => instance.stop()) ?? []);
    await cluster?.close();
  });

  it('fails requests with a masked error while it is down, and serves again once it is back, without a restart', async () => {
    const { url } = await createDatabase(cluster.url(), 'app');
    instances = await twoInstances(url);
    const [a, b] = instances;
    const person = aPerson();
    expect((await postGraphQL(a.url, RegisterUserDocument, { input: person })).data.registerUser.errors).toEqual([]);
    const phone = `+1${person.phoneNumber}`;
    const code = codeInNewestMessage(await outbox(a, phone), phone);
    const token = (await postGraphQL(b.url, VerifyUserDocument, { input: { email: person.email, code } })).data
      .verifyUser.session!.token;

    await cluster.stop();
    const down = await postGraphQL(a.url, RegisterUserDocument, { input: aPerson() });
    expect(down.body.errors?.[0]).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) },
    });
    expect((await fetch(new URL('/readyz', a.url))).status).toBe(503);
    // Alive all the same: restarting the process would not bring the database back.
    expect((await fetch(new URL('/healthz', a.url))).status).toBe(200);

    await cluster.start();
    for (const instance of instances) {
      await expect
        .poll(async () => (await fetch(new URL('/readyz', instance.url))).status, { timeout: 10_000, interval: 100 })
        .toBe(200);
    }
    // What was acknowledged before the restart is still there, and writes work again on both.
    expect((await postGraphQL(a.url, MeDocument, {}, bearer(token))).data.me).toMatchObject({ email: person.email });
    expect((await postGraphQL(b.url, RegisterUserDocument, { input: aPerson() })).data.registerUser.errors).toEqual([]);
    // The notification connections come back too (within a second or so of the server): then a logout on one ends the session on the other.
    const listening = async () =>
      Number(
        (await query<{ n: string }>(url, "select count(*) as n from pg_stat_activity where query ilike 'listen %'"))[0]
          .n,
      );
    await expect.poll(listening, { timeout: 10_000, interval: 100 }).toBe(2);
    await postGraphQL(a.url, MeDocument, {}, bearer(token));
    await postGraphQL(b.url, LogoutDocument, {}, bearer(token));
    await expect
      .poll(async () => (await postGraphQL(a.url, MeDocument, {}, bearer(token))).data.me, {
        timeout: 1_000,
        interval: 25,
      })
      .toBeNull();
  });
});
