import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LoginDocument,
  LogoutDocument,
  MeDocument,
  RegisterUserDocument,
  VerifyUserDocument,
} from '../client/generated/graphql';
import { startTwilioFake, type TwilioFake } from './fakes/twilio.fake';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startPostgresCluster } from './support/postgres-cluster';
import { cookiePair, postGraphQL } from './support/http-client';
import { TWILIO_NUMBER } from './support/rig';
import { startServer } from './support/server-process';
import { aPerson } from './support/test-app';

const run = promisify(execFile);
const root = join(__dirname, '..');
/** As an operator would make one: `openssl rand -base64 48`. */
const APP_SECRET = 'Jq9vX2mL7cR4tY8wK1nB6hF3sD0gZ5aP+eU/iO2rT9yQ4lM7xC1vN8bW3kS6jH0f';

/**
 * What the README's production steps make: `npm run build`, then a directory holding the build,
 * the lockfile and production dependencies only. The dependencies are hard links to this
 * checkout's, pruned with `npm prune --omit=dev` (offline and in seconds, where `npm ci` would
 * compile SQLite's driver again); npm rewrites its own record of them, so that one is copied.
 */
async function productionCopy(): Promise<string> {
  await run('npm', ['run', 'build'], { cwd: root });
  const dir = mkdtempSync(join(tmpdir(), 'avg-production-'));
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(root, file), join(dir, file));
  await run('cp', ['-r', join(root, 'dist'), join(dir, 'dist')]);
  await run('cp', ['-al', join(root, 'node_modules'), join(dir, 'node_modules')]);
  rmSync(join(dir, 'node_modules/.package-lock.json'));
  writeFileSync(
    join(dir, 'node_modules/.package-lock.json'),
    readFileSync(join(root, 'node_modules/.package-lock.json')),
  );
  await run('npm', ['prune', '--omit=dev', '--offline', '--no-audit', '--no-fund'], { cwd: dir });
  return dir;
}

describe('the production build, with production dependencies only', () => {
  let dir: string;
  let twilio: TwilioFake;
  const databases: TestDatabase[] = [];
  beforeAll(async () => {
    [dir, twilio] = await Promise.all([productionCopy(), startTwilioFake()]);
  }, 180_000);
  afterAll(async () => {
    await twilio?.close();
    await Promise.all(databases.map((database) => database.drop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** What an operator sets: a real secret, Twilio (the fake) for codes and texts, and the database. */
  const productionEnv = (databaseUrl: string) => ({
    NODE_ENV: 'production',
    APP_SECRET,
    DATABASE_URL: databaseUrl,
    VERIFICATION_PROVIDER: 'twilio-verify',
    TWILIO_VERIFY_SERVICE_SID: twilio.verifyServiceSid,
    SMS_TRANSPORT: 'twilio',
    TWILIO_NUMBER,
    TWILIO_BASE_URL: twilio.url,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    SMS_DAILY_BUDGET: 'off',
  });

  it('holds no development dependency', () => {
    const installed = JSON.parse(readFileSync(join(dir, 'node_modules/.package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    expect(Object.entries(installed.packages).filter(([, entry]) => entry.dev)).toEqual([]);
    for (const tool of ['typescript', '@swc-node/register', '@swc/core', 'vitest', '@mikro-orm/cli', 'eslint'])
      expect(existsSync(join(dir, 'node_modules', tool))).toBe(false);
  });

  // On PostgreSQL, and on a SQLite file: the build must carry both drivers' migrations.
  it.each(['postgres', 'sqlite'])(
    'migrates, serves the flow against Twilio, and cleans up, on %s',
    { timeout: 60_000 },
    async (dialect) => {
      const database =
        dialect === 'postgres'
          ? await createTestDatabase()
          : { url: `sqlite:${join(dir, 'data', 'app.sqlite')}`, drop: async () => undefined };
      databases.push(database);
      const env = { ...productionEnv(database.url), MIGRATE_ON_START: 'false' };
      const npm = (script: string) =>
        run('npm', ['run', '--silent', script], { cwd: dir, env: { PATH: process.env.PATH, ...env } });

      expect((await npm('migrate')).stdout).toMatch(/Applied \d+ migration\(s\)/);
      const server = await startServer({ ...env, METRICS_PORT: '0' }, { build: dir });
      try {
        expect((await fetch(new URL('/readyz', server.url))).status).toBe(200);
        expect((await fetch(new URL('/dev/outbox', server.url))).status).toBe(404);
        const person = aPerson();
        const registered = await postGraphQL(server.url, RegisterUserDocument, { input: person });
        expect(registered.data.registerUser.errors).toEqual([]);
        const phone = registered.data.registerUser.user!.phoneNumber;
        const verified = await postGraphQL(server.url, VerifyUserDocument, {
          input: { email: person.email, code: twilio.verify.codeFor(phone) },
        });
        expect(verified.data.verifyUser.errors).toEqual([]);
        expect(verified.response.headers.get('set-cookie')).toMatch(/; Secure/);
        const cookie = cookiePair(verified.response);
        expect((await postGraphQL(server.url, MeDocument, {}, { cookie })).data.me).toMatchObject({
          email: person.email,
          verified: true,
        });
        await expect
          .poll(() => twilio.messages.filter((m) => m.to === phone).map((m) => m.body), { timeout: 10_000 })
          .toEqual(['You did it! Signup complete :)']);
        expect((await postGraphQL(server.url, LogoutDocument, {}, { cookie })).data.logout.loggedOut).toBe(true);
        const login = await postGraphQL(server.url, LoginDocument, {
          input: { email: person.email, password: person.password },
        });
        expect(login.data.login.errors).toEqual([]);

        const metrics = await (await fetch(server.metricsUrl!)).text();
        expect(metrics).toMatch(/^verification_starts_total\{provider="twilio-verify",result="ok"\} 1$/m);
        expect(metrics).toMatch(/^sms_messages_total\{transport="twilio",kind="confirmation",result="sent"\} 1$/m);
      } finally {
        expect(await server.stop()).toBe(0);
      }
      expect((await npm('cleanup')).stdout).toMatch(/Removed 0 unverified registration\(s\) older than 7 day\(s\)\./);
    },
  );

  // A PostgreSQL server of its own, so that restarting it disturbs no other suite.
  it(
    'writes only JSON lines, its start and the driver through a PostgreSQL restart included',
    { timeout: 90_000 },
    async () => {
      const cluster = await startPostgresCluster();
      // A warning from Node itself, as a deprecated call in a dependency would raise, once the server is up.
      const preload = join(dir, 'warn-once-ready.js');
      writeFileSync(
        preload,
        `const write = process.stdout.write.bind(process.stdout);
        process.stdout.write = (chunk, ...rest) => {
          if (String(chunk).includes('server ready')) setImmediate(() => process.emitWarning('a test warning', 'DeprecationWarning', 'DEP0000'));
          return write(chunk, ...rest);
        };`,
      );
      try {
        const server = await startServer(
          {
            ...productionEnv(cluster.url('app')),
            LOG_LEVEL: 'info',
            METRICS_PORT: '0',
            NODE_OPTIONS: `--require ${preload}`,
          },
          { build: dir },
        );
        const signUp = async () =>
          (await postGraphQL(server.url, RegisterUserDocument, { input: aPerson() })).data.registerUser.errors;
        try {
          expect(await signUp()).toEqual([]);
          await cluster.restart();
          // The pool's connections died with the server: the driver notices as they are next used.
          await expect
            .poll(async () => (await fetch(new URL('/readyz', server.url))).status, { timeout: 20_000 })
            .toBe(200);
          await expect.poll(signUp, { timeout: 20_000 }).toEqual([]);
        } finally {
          expect(await server.stop()).toBe(0);
        }
        const lines = server.output().split('\n').filter(Boolean);
        const notJson = lines.filter((line) => {
          try {
            return typeof JSON.parse(line) !== 'object';
          } catch {
            return true;
          }
        });
        expect(notJson).toEqual([]);
        const entries = lines.map((line) => JSON.parse(line) as { level: number; msg: string; url?: string });
        expect(entries).toContainEqual(
          expect.objectContaining({ level: 30, msg: 'server ready', url: server.url, metricsUrl: server.metricsUrl }),
        );
        // What the driver said of the connections the restart cut, as a warning of the app's own.
        expect(entries).toContainEqual(
          expect.objectContaining({ level: 40, msg: expect.stringMatching(/Connection/) }),
        );
        expect(entries).toContainEqual(
          expect.objectContaining({
            level: 40,
            warning: 'DeprecationWarning',
            warningCode: 'DEP0000',
            msg: 'a test warning',
          }),
        );
      } finally {
        await cluster.close();
      }
    },
  );
});
