import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LoginDocument, RegisterUserDocument, VerifyUserDocument } from '../client/generated/graphql';
import { postGraphQL } from './support/http-client';
import { startServer } from './support/server-process';
import { aPerson, codeInNewestMessage } from './support/test-app';

describe('the server process, from its TypeScript', () => {
  const dir = mkdtempSync(join(tmpdir(), 'avg-main-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates and migrates the SQLite file, serves the API, and keeps data across restarts', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'nested', 'app.sqlite')}`, APP_SECRET: 'a'.repeat(40) };
    const first = await startServer(env);
    expect(first.url).toMatch(/^http:\/\/localhost:\d+\/graphql$/);
    expect(first.output()).toMatch(/SMS outbox at http:\/\/localhost:\d+\/dev\/outbox/);
    expect((await fetch(new URL('/readyz', first.url))).status).toBe(200);
    // The bundle the test run built into dist/web, as `npm start` builds it when missing or stale.
    const web = /Web app at (\S+)/.exec(first.output())?.[1];
    expect(web).toBe(new URL('/', first.url).href);
    expect(await (await fetch(web!)).text()).toContain('<div id="root"></div>');
    const person = aPerson();
    const registered = await postGraphQL(first.url, RegisterUserDocument, { input: person });
    expect(registered.data.registerUser.errors).toEqual([]);
    expect(await first.stop()).toBe(0);

    const second = await startServer(env);
    const login = await postGraphQL(second.url, LoginDocument, {
      input: { email: person.email, password: person.password },
    });
    expect(login.data.login.errors.map((e) => e.code)).toEqual(['NOT_VERIFIED']);
    expect(await second.stop()).toBe(0);
  });

  it('keeps a development secret beside the database, so codes survive a restart without APP_SECRET', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'dev', 'app.sqlite')}` };
    const first = await startServer(env);
    const person = aPerson();
    await postGraphQL(first.url, RegisterUserDocument, { input: person });
    const phone = `+1${person.phoneNumber}`;
    const messages = (await (
      await fetch(new URL(`/dev/outbox?to=${encodeURIComponent(phone)}`, first.url))
    ).json()) as { body: string }[];
    const code = codeInNewestMessage(
      messages.map((m) => m.body),
      phone,
    );
    expect(await first.stop()).toBe(0);
    expect(statSync(join(dir, 'dev', 'app-secret')).mode & 0o777).toBe(0o600);

    const second = await startServer(env);
    const verified = await postGraphQL(second.url, VerifyUserDocument, { input: { email: person.email, code } });
    expect(verified.data.verifyUser.errors).toEqual([]);
    expect(await second.stop()).toBe(0);
  });

  it('refuses to start on bad settings, naming them, with no stack trace', async () => {
    const failure = await startServer({ PORT: 'eighty', DATABASE_URL: 'sqlite::memory:' }).catch(
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/server exited with 1/);
    expect(failure).toMatch(/PORT/);
    expect(failure).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('refuses bad settings in production with JSON lines only, each problem named', async () => {
    const failure = await startServer({
      NODE_ENV: 'production',
      PORT: 'eighty',
      DATABASE_URL: 'sqlite::memory:',
    }).then(
      () => 'started',
      (error: Error) => error.message,
    );
    const [status, ...lines] = failure.split('\n').filter(Boolean);
    expect(status).toBe('server exited with 1:');
    const entries = lines.map((line) => JSON.parse(line) as { level: number; msg: string; problems?: string[] });
    expect(entries).toEqual([
      expect.objectContaining({
        level: 60,
        msg: 'invalid configuration',
        problems: expect.arrayContaining([expect.stringMatching(/^PORT: /), expect.stringMatching(/^APP_SECRET: /)]),
      }),
    ]);
  });
});
