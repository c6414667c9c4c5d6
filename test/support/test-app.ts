import { randomBytes } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp, type App, type AppOverrides } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { SessionCookies } from '../../src/sessions/session-cookie';
import { createPrivateDatabase, type TestDatabase } from './database';
import { RegisterUserDocument, VerifyUserDocument, type RegisterUserInput } from '../../client/generated/graphql';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters';

/**
 * A whole app as main() builds and starts it, on a database of its own (in memory on SQLite, a
 * fresh one on PostgreSQL, dropped at close) unless `env` names a shared DATABASE_URL.
 */
export function startTestApp(env: Record<string, string> = {}, overrides: AppOverrides = {}): Promise<TestApp> {
  return new TestApp().start(env, overrides);
}

/**
 * Call in a describe block: the app starts before its tests and closes after them, so a suite's
 * set-up is this one line. `env` may be a function, for settings that depend on something started first.
 */
export function useTestApp(
  env: Record<string, string> | (() => Record<string, string>) = {},
  overrides: AppOverrides = {},
): TestApp {
  const t = new TestApp();
  beforeAll(async () => {
    await t.start(typeof env === 'function' ? env() : env, overrides);
  });
  afterAll(() => t.close());
  return t;
}

/** Where a test reads what reached a person's phone. */
export interface Handset {
  /** Text messages to a number, newest first. */
  messagesTo(phoneNumber: string): Promise<string[]>;
  /** The verification code the person would read. */
  latestCode(phoneNumber: string): Promise<string>;
}

/** The code in the newest message to a number. */
export function codeInNewestMessage(messages: string[], phoneNumber: string): string {
  const code = /\b(\d{6})\b/.exec(messages[0] ?? '')?.[1];
  if (!code) throw new Error(`no code was sent to ${phoneNumber}`);
  return code;
}

/** The development outbox, read through the transport. */
export function outboxHandset(app: App): Handset {
  const messagesTo = async (phoneNumber: string) =>
    (await app.outbox!.list(phoneNumber)).map((message) => message.body);
  return {
    messagesTo,
    latestCode: async (phoneNumber) => codeInNewestMessage(await messagesTo(phoneNumber), phoneNumber),
  };
}

/** An app, started by `start()` (or `startTestApp`, `useTestApp`); its fields are set from then on. */
export class TestApp {
  handset!: Handset;
  app!: App;
  /** The GraphQL endpoint, on a port of its own. */
  url!: string;
  /** Where the rest is served (/healthz, /dev/outbox, the web app), e.g. http://localhost:41234 */
  origin!: string;
  /** The Prometheus endpoint, when METRICS_PORT is set. */
  metricsUrl?: string;
  /** The admin API, when ADMIN_PORT is set. */
  adminUrl?: string;
  private own?: TestDatabase;
  private closing?: Promise<void>;

  async start(env: Record<string, string>, overrides: AppOverrides): Promise<this> {
    const own = env.DATABASE_URL ? undefined : await createPrivateDatabase();
    try {
      const config = loadConfig({
        NODE_ENV: 'test',
        APP_SECRET: TEST_SECRET,
        LOG_LEVEL: 'silent',
        PORT: '0',
        // Suites send many codes nobody enters to one prefix; the guard's own suites turn it on.
        FRAUD_GUARD: 'off',
        ...(own ? { DATABASE_URL: own.url } : {}),
        ...env,
      });
      this.app = await createApp(config, overrides);
      const listening = await this.app.start();
      this.own = own;
      this.handset = outboxHandset(this.app);
      this.url = listening.url;
      this.origin = new URL(listening.url).origin;
      this.metricsUrl = listening.metricsUrl;
      this.adminUrl = listening.adminUrl;
      return this;
    } catch (error) {
      await own?.drop();
      throw error;
    }
  }

  /**
   * Runs a typed client document through Apollo, as a request carrying `token` would. Each call
   * comes from its own address unless `ip` is given, so per-IP limits only bite where a test means them to.
   */
  async execute<TResult, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
    options: { token?: string; ip?: string; userAgent?: string } = {},
  ): Promise<TResult & { cookies: string[] }> {
    const cookies = new SessionCookies(false);
    // Per-IP limits count an IPv6 client by its /64, so the random part is the network's.
    const ip =
      options.ip ??
      `2001:db8:${randomBytes(4)
        .toString('hex')
        .replace(/(....)(....)/, '$1:$2')}::1`;
    const contextValue = await this.app.createContext({
      requestId: 'test-request',
      ip,
      userAgent: options.userAgent,
      token: options.token,
      cookies,
    });
    const response = await this.app.apollo.executeOperation<TResult, TVariables>(
      { query: document, variables },
      { contextValue },
    );
    // What the request started in the background (a resent code) is done before the test looks.
    await this.app.settled();
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const { data, errors } = response.body.singleResult;
    expect(errors).toBeUndefined();
    return { ...(data as TResult), cookies: cookies.headers };
  }

  /** Text messages sent to a number, newest first. */
  messagesTo(phoneNumber: string): Promise<string[]> {
    return this.handset.messagesTo(phoneNumber);
  }

  latestCode(phoneNumber: string): Promise<string> {
    return this.handset.latestCode(phoneNumber);
  }

  async register(overrides: Partial<RegisterUserInput> = {}) {
    const input = { ...aPerson(), ...overrides };
    const { registerUser } = await this.execute(RegisterUserDocument, { input });
    expect(registerUser.errors).toEqual([]);
    return { input, user: registerUser.user! };
  }

  /** A registered, verified user and the session token verification opened. */
  async registerVerified(overrides: Partial<RegisterUserInput> = {}) {
    const { input, user } = await this.register(overrides);
    const code = await this.latestCode(user.phoneNumber);
    const { verifyUser } = await this.execute(VerifyUserDocument, { input: { email: input.email, code } });
    expect(verifyUser.errors).toEqual([]);
    return { input, user, token: verifyUser.session!.token };
  }

  /** Closes what `start()` opened, once: calling it again answers the same promise. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.app?.close();
      await this.own?.drop();
    })();
    return this.closing;
  }
}

let people = 0;

/**
 * Numbers people from the first again. A worker runs file after file (isolate: false), and each
 * file's people are the same as when it runs alone, whatever ran before it (test/support/each-file.ts).
 */
export function restartPeople(): void {
  people = 0;
}

/** A valid signup; each call gets its own email and phone number. */
export function aPerson(): RegisterUserInput {
  people += 1;
  return {
    name: 'Ada Lovelace',
    email: `ada${people}@example.com`,
    password: 'correct horse battery',
    countryCode: '1',
    phoneNumber: `415555${String(1000 + people).slice(-4)}`,
  };
}
