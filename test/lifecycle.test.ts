import { readdirSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegisterUserDocument } from '../client/generated/graphql';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { migrate } from '../src/db/migrate';
import { startTwilioFake, type TwilioFake } from './fakes/twilio.fake';
import { testDialect, useTestDatabases } from './support/database';
import { FaultySms } from './support/faulty-sms';
import { captureLogs } from './support/log-capture';
import { postGraphQL } from './support/http-client';
import { TWILIO_NUMBER } from './support/rig';
import { startServer } from './support/server-process';
import { aPerson, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

async function probe(url: string, path: '/readyz' | '/healthz') {
  const response = await fetch(new URL(path, url));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('/healthz and /readyz', () => {
  const newDatabase = useTestDatabases();

  it('are both 200 once the app is up', async () => {
    const t = await startTestApp();
    try {
      expect(await probe(t.url, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
      expect(await probe(t.url, '/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
    } finally {
      await t.close();
    }
  });

  it('answer not ready while migrations are pending, and ready once they are applied', async () => {
    const url = await newDatabase();
    const logs = captureLogs();
    const t = await startTestApp(
      { DATABASE_URL: url, MIGRATE_ON_START: 'false' },
      { logger: logs.logger, intervals: { smsQueueMs: 20 } },
    );
    try {
      // The SMS queue waits for the tables instead of polling them and failing each round: let a few rounds pass.
      await statementsSent(t, /mikro_orm_migrations/, 3);
      expect(
        logs.lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => line.level >= 50),
      ).toEqual([]);
      const pending = await probe(t.url, '/readyz');
      expect(pending).toMatchObject({
        status: 503,
        body: {
          status: 'not ready',
          reason: 'migrations pending',
          pending: expect.arrayContaining([expect.stringMatching(/^Migration/)]),
        },
      });
      expect((await probe(t.url, '/healthz')).status).toBe(200);
      await migrate(t.app.orm, loadConfig({ DATABASE_URL: url }).database);
      expect(await probe(t.url, '/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
      await expect
        .poll(() => logs.text(), { timeout: 3_000 })
        .toContain('migrations applied: the SMS queue and housekeeping start');
    } finally {
      await t.close();
    }
  });

  it('answer not ready while the database is unavailable, the process still alive', async () => {
    const t = await startTestApp();
    try {
      // Every connection of the pool gone, as when the database server is unreachable.
      await t.app.orm.close(true);
      expect(await probe(t.url, '/readyz')).toEqual({
        status: 503,
        body: { status: 'not ready', reason: 'database unavailable' },
      });
      expect(await probe(t.url, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    } finally {
      await t.close();
    }
  });

  it('answer not ready as soon as the app starts draining, while a request in flight finishes', async () => {
    const sms = new FaultySms();
    const t = await startTestApp({}, { wrapSms: sms.wrap });
    const release = sms.holdSends();
    try {
      const inFlight = postGraphQL(t.url, RegisterUserDocument, { input: aPerson() });
      // In flight: its code is being sent.
      await expect.poll(() => sms.started, { interval: 10, timeout: 10_000 }).toBe(1);
      const closed = t.close();
      expect(await probe(t.url, '/readyz')).toEqual({
        status: 503,
        body: { status: 'not ready', reason: 'draining' },
      });
      release();
      const { response, data } = await inFlight;
      expect(response.status).toBe(200);
      expect(data.registerUser.errors).toEqual([]);
      await closed;
    } finally {
      release();
      await t.close();
    }
  });
});

/** Resolves once the app has sent `count` statements matching `pattern` from now on. */
async function statementsSent(t: TestApp, pattern: RegExp, count: number): Promise<void> {
  let sent = 0;
  const onQuery = (query: { sql: string }) => {
    if (pattern.test(query.sql)) sent++;
  };
  const em = t.app.database.db.em;
  const connections = new Set([em.getConnection('write').getKnex(), em.getConnection('read').getKnex()]);
  for (const knex of connections) knex.on('query', onQuery);
  try {
    await expect.poll(() => sent, { interval: 10, timeout: 10_000 }).toBeGreaterThanOrEqual(count);
  } finally {
    for (const knex of connections) knex.off('query', onQuery);
  }
}

/** Descriptors this process holds open on files under `path` (a SQLite database and its -wal and -shm). */
function openFilesUnder(path: string): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(path) ? [target] : [];
    } catch {
      return [];
    }
  });
}

async function connectionsTo(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      'select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

describe('a start that fails halfway', () => {
  const newDatabase = useTestDatabases();
  const config = (url: string, env: Record<string, string> = {}) =>
    loadConfig({
      NODE_ENV: 'test',
      APP_SECRET: TEST_SECRET,
      LOG_LEVEL: 'silent',
      PORT: '0',
      DATABASE_URL: url,
      ...env,
    });
  const stillOpen = (url: string) =>
    testDialect === 'sqlite' ? openFilesUnder(url.slice('sqlite:'.length)).length : connectionsTo(url);

  it('closes the database it had opened and migrated when building fails', async () => {
    const url = await newDatabase();
    const failing = createApp(config(url), {
      wrapSms: () => {
        throw new Error('the SMS transport could not be built');
      },
    });
    await expect(failing).rejects.toThrow('the SMS transport could not be built');
    expect(await stillOpen(url)).toBe(0);
    // It had got as far as the migrations: a second app finds none left to apply.
    const t = await startTestApp({ DATABASE_URL: url, MIGRATE_ON_START: 'false' });
    try {
      expect((await probe(t.url, '/readyz')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('closes what it had started, listeners and connections, when its port is taken', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const listeners = () => process.getActiveResourcesInfo().filter((resource) => resource === 'TCPServerWrap').length;
    try {
      const url = await newDatabase();
      const app = await createApp(
        config(url, { PORT: String((taken.address() as { port: number }).port), METRICS_PORT: '0' }),
      );
      const before = listeners();
      // The pollers, the notification connection (on PostgreSQL) and the metrics listener start before the API's port is tried.
      await expect(app.start()).rejects.toThrow(/EADDRINUSE/);
      expect(listeners()).toBe(before);
      expect(await stillOpen(url)).toBe(0);
    } finally {
      taken.close();
    }
  });
});

describe('SIGTERM', () => {
  let twilio: TwilioFake;
  const newDatabase = useTestDatabases();
  beforeAll(async () => {
    twilio = await startTwilioFake();
  });
  afterAll(() => twilio.close());
  /** The server as main() runs it, sending codes through the Twilio fake, so that a send can be held up there. */
  const server = async (env: Record<string, string>) =>
    startServer({
      DATABASE_URL: await newDatabase(),
      APP_SECRET: TEST_SECRET,
      SMS_TRANSPORT: 'twilio',
      TWILIO_BASE_URL: twilio.url,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_NUMBER,
      ...env,
    });
  /** A signup whose code Twilio holds until `release()`, answered once it is in flight (Twilio has it). */
  const heldSignup = async (url: string) => {
    const release = twilio.faults.hold({ path: '/api/' });
    const received = twilio.requests.length;
    const signup = postGraphQL(url, RegisterUserDocument, { input: aPerson() });
    await expect.poll(() => twilio.requests.length, { interval: 20, timeout: 10_000 }).toBeGreaterThan(received);
    return { signup, release };
  };

  it('turns readiness to 503 at once, lets the request in flight finish, and exits 0', async () => {
    const instance = await server({ SHUTDOWN_TIMEOUT_MS: '10000' });
    const { signup, release } = await heldSignup(instance.url);
    const exited = instance.stop();
    await expect
      .poll(async () => (await probe(instance.url, '/readyz')).body, { interval: 20 })
      .toEqual({ status: 'not ready', reason: 'draining' });
    expect((await probe(instance.url, '/healthz')).status).toBe(200);
    release();
    const { response, data } = await signup;
    expect(response.status).toBe(200);
    expect(data.registerUser.errors).toEqual([]);
    expect(await exited).toBe(0);
  });

  it('exits 1 at SHUTDOWN_TIMEOUT_MS when a request is still running then', async () => {
    const instance = await server({ SHUTDOWN_TIMEOUT_MS: '1000', UPSTREAM_TIMEOUT_MS: '60000' });
    const held = await heldSignup(instance.url);
    const signup = held.signup.catch((error: Error) => error);
    const stoppedAt = performance.now();
    expect(await instance.stop()).toBe(1);
    // Long before the upstream timeout could have ended the held request.
    expect(performance.now() - stoppedAt).toBeLessThan(10_000);
    expect(instance.output()).toMatch(/shutdown did not finish within SHUTDOWN_TIMEOUT_MS/);
    expect(await signup).toBeInstanceOf(Error);
    held.release();
  });
});
