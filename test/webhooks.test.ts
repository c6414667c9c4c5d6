import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ConfirmPhoneChangeDocument,
  DeleteAccountDocument,
  LoginDocument,
  RegisterUserDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  RevokeSessionDocument,
  SessionsDocument,
  StartPhoneChangeDocument,
  VerifyUserDocument,
} from '../client/generated/graphql';
import { fakeClock } from './support/clock';
import { useTestDatabases } from './support/database';
import { postGraphQL } from './support/http-client';
import { startServer } from './support/server-process';
import { aPerson, codeInNewestMessage, startTestApp, TEST_SECRET, useTestApp } from './support/test-app';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

interface Delivery {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/** An endpoint that checks every request as a consumer would, with standardwebhooks' own verify. */
class Receiver {
  readonly verified: Delivery[] = [];
  readonly ids: string[] = [];
  /** Statuses to answer with, in turn, before 204. */
  failWith: number[] = [];
  private server?: Server;
  port = 0;

  async start(port = this.port): Promise<this> {
    const webhook = new Webhook(SECRET);
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const id = String(request.headers['webhook-id']);
        this.ids.push(id);
        const status = this.failWith.shift();
        if (status) return response.writeHead(status).end();
        const event = webhook.verify(body, request.headers as Record<string, string>) as Omit<Delivery, 'id'>;
        this.verified.push({ id, type: event.type, data: event.data });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  typesFor(userId: string): string[] {
    return this.verified.filter((event) => event.data.id === userId).map((event) => event.type);
  }
}

const settingsFor = (receiver: Receiver) => ({ WEBHOOK_URLS: receiver.url, WEBHOOK_SECRET: SECRET });
const FAST = { intervals: { webhooksMs: 50 } };

describe('webhooks', () => {
  const receiver = new Receiver();
  beforeAll(() => receiver.start());
  const t = useTestApp(() => ({ ...settingsFor(receiver), RATE_LIMIT_CODE_COOLDOWN: 'off' }), FAST);
  afterAll(() => receiver.stop());

  it('sends each step of an account’s life, signed, with the account’s id, email, name and phone', async () => {
    const { input, user } = await t.registerVerified();
    await t.execute(LoginDocument, { input: { email: input.email, password: input.password } });
    await t.execute(RequestPasswordResetDocument, { input: { email: input.email } });
    const newPassword = 'a brand new passphrase';
    const code = await t.latestCode(user.phoneNumber);
    const reset = await t.execute(ResetPasswordDocument, { input: { email: input.email, code, newPassword } });
    const token = reset.resetPassword.session!.token;
    const newPhone = aPerson().phoneNumber;
    await t.execute(
      StartPhoneChangeDocument,
      { input: { password: newPassword, countryCode: '1', phoneNumber: newPhone } },
      { token },
    );
    const phoneCode = await t.latestCode(`+1${newPhone}`);
    await t.execute(ConfirmPhoneChangeDocument, { input: { code: phoneCode } }, { token });
    await t.execute(DeleteAccountDocument, { input: { password: newPassword } }, { token });

    const expected = [
      'user.registered',
      'user.verified',
      'user.signed_in',
      'user.password_reset',
      'user.phone_changed',
      'user.deleted',
    ];
    await vi.waitFor(() => expect(receiver.typesFor(user.id).sort()).toEqual([...expected].sort()), {
      timeout: 5_000,
    });
    const byType = Object.fromEntries(
      receiver.verified.filter((e) => e.data.id === user.id).map((e) => [e.type, e.data]),
    );
    expect(byType['user.registered']).toEqual({
      id: user.id,
      email: input.email,
      name: input.name,
      phone: user.phoneNumber,
    });
    expect(byType['user.phone_changed']).toMatchObject({ phone: `+1${newPhone}` });
    expect(byType['user.deleted']).toEqual({ id: user.id });
  });

  it('sends session.revoked when a person ends one of their sessions', async () => {
    const { input, user } = await t.registerVerified();
    const login = await t.execute(LoginDocument, { input: { email: input.email, password: input.password } });
    const token = login.login.session!.token;
    const other = (await t.execute(SessionsDocument, {}, { token })).sessions.find((session) => !session.current)!;
    await t.execute(RevokeSessionDocument, { input: { id: other.id } }, { token });
    await vi.waitFor(() => expect(receiver.typesFor(user.id)).toContain('session.revoked'), { timeout: 5_000 });
    expect(receiver.verified.find((event) => event.type === 'session.revoked')!.data).toEqual({
      id: user.id,
      sessionId: other.id,
    });
  });
});

describe('a webhook whose receiver fails', () => {
  const receiver = new Receiver();
  beforeAll(() => receiver.start());
  const t = useTestApp(() => ({ ...settingsFor(receiver), METRICS_PORT: '0' }), FAST);
  afterAll(() => receiver.stop());

  it('is sent again with the same webhook-id within 10 s after a 500, each attempt counted', async () => {
    receiver.failWith = [500];
    const { user } = await t.register();
    await vi.waitFor(() => expect(receiver.typesFor(user.id)).toEqual(['user.registered']), {
      timeout: 10_000,
      interval: 100,
    });
    expect(receiver.ids).toHaveLength(2);
    expect(receiver.ids[1]).toBe(receiver.ids[0]);
    // The receiver has the event once it answers; the sender counts it once that answer is back.
    await vi.waitFor(
      async () => {
        const metrics = await (await fetch(t.metricsUrl!)).text();
        expect(metrics).toContain('webhook_deliveries_total{result="retry"} 1');
        expect(metrics).toContain('webhook_deliveries_total{result="delivered"} 1');
        expect(metrics).toContain('webhook_oldest_pending_seconds 0');
      },
      { timeout: 5_000, interval: 50 },
    );
  }, 20_000);
});

describe('a receiver down for a while', () => {
  const receiver = new Receiver();
  const time = fakeClock(new Date());
  beforeAll(async () => {
    // A port nobody listens on until the receiver comes back.
    await receiver.start();
    await receiver.stop();
  });
  const t = useTestApp(() => settingsFor(receiver), { ...FAST, clock: time.clock });
  afterAll(() => receiver.stop());

  it('gets everything once it is back', async () => {
    const first = await t.register();
    const second = await t.register();
    // Refused twice: at once, and 5 s later by the schedule, which then waits 5 minutes.
    await t.app.webhooks!.deliverDue();
    time.advance(60_000);
    await t.app.webhooks!.deliverDue();
    expect(receiver.verified).toEqual([]);
    await receiver.start();
    time.advance(10 * 60_000);
    await vi.waitFor(
      () => {
        expect(receiver.typesFor(first.user.id)).toEqual(['user.registered']);
        expect(receiver.typesFor(second.user.id)).toEqual(['user.registered']);
      },
      { timeout: 5_000 },
    );
  });
});

describe('two instances on one database', () => {
  const receiver = new Receiver();
  const databases = useTestDatabases();
  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());

  it('deliver each event once', async () => {
    const env = { ...settingsFor(receiver), DATABASE_URL: await databases() };
    const one = await startTestApp(env, FAST);
    const other = await startTestApp({ ...env, MIGRATE_ON_START: 'false' }, FAST);
    try {
      const users = [];
      for (let i = 0; i < 8; i++) users.push((await (i % 2 ? one : other).register()).user);
      await vi.waitFor(() => expect(receiver.verified).toHaveLength(8), { timeout: 5_000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(new Set(receiver.ids).size).toBe(8);
      expect(receiver.ids).toHaveLength(8);
    } finally {
      await other.close();
      await one.close();
    }
  });
});

describe('admin actions', () => {
  const receiver = new Receiver();
  const token = randomBytes(24).toString('base64url');
  beforeAll(() => receiver.start());
  const t = useTestApp(() => ({ ...settingsFor(receiver), ADMIN_PORT: '0', ADMIN_TOKEN: token }), FAST);
  afterAll(() => receiver.stop());

  const admin = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(t.adminUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: unknown; errors?: unknown[] };
  };

  it('each send an admin.<action> event, signed, with the user id and the reason', async () => {
    const { user } = await t.register();
    const id = user.id;
    const run = (mutation: string, variables: Record<string, unknown>, type = 'String') =>
      admin(`mutation ($v: ${type}!, $r: String!) { ${mutation} }`, variables).then((body) =>
        expect(body.errors).toBeUndefined(),
      );
    await run('verifyUserManually(id: $v, reason: $r)', { v: id, r: 'no code in their country' }, 'ID');
    await run('revokeSessions(userId: $v, reason: $r)', { v: id, r: 'lost phone' }, 'ID');
    await run('clearLimits(phone: $v, reason: $r)', { v: user.phoneNumber, r: 'locked out' });
    await run('unblock(destination: $v, reason: $r)', { v: 'GB', r: 'launch in London' });
    await vi.waitFor(
      () => {
        const admins = receiver.verified.filter((event) => event.type.startsWith('admin.'));
        expect(admins).toHaveLength(4);
        expect(admins.map(({ type, data }) => ({ type, data }))).toEqual(
          expect.arrayContaining([
            { type: 'admin.user_verified', data: { id, reason: 'no code in their country' } },
            { type: 'admin.sessions_revoked', data: { id, reason: 'lost phone' } },
            { type: 'admin.limits_cleared', data: { id, reason: 'locked out', phone: user.phoneNumber } },
            { type: 'admin.destination_unblocked', data: { reason: 'launch in London', destination: 'GB' } },
          ]),
        );
      },
      { timeout: 5_000 },
    );
  });
});

describe('a server killed with SIGKILL', () => {
  const receiver = new Receiver();
  const databases = useTestDatabases();
  beforeAll(async () => {
    // A port nobody listens on until the second server starts.
    await receiver.start();
    await receiver.stop();
  });
  afterAll(() => receiver.stop());

  it('sends every acknowledged change’s event once started again on the same database', async () => {
    const env = { ...settingsFor(receiver), APP_SECRET: TEST_SECRET, DATABASE_URL: await databases() };
    const first = await startServer(env);
    const person = aPerson();
    const registered = await postGraphQL(first.url, RegisterUserDocument, { input: person });
    expect(registered.data.registerUser.errors).toEqual([]);
    const { id, phoneNumber } = registered.data.registerUser.user!;
    const outbox = await fetch(new URL(`/dev/outbox?to=${encodeURIComponent(phoneNumber)}`, first.url));
    const code = codeInNewestMessage(
      ((await outbox.json()) as { body: string }[]).map((m) => m.body),
      phoneNumber,
    );
    const verified = await postGraphQL(first.url, VerifyUserDocument, { input: { email: person.email, code } });
    expect(verified.data.verifyUser.errors).toEqual([]);
    // Both answers are in; the receiver has refused the first attempts, and nothing shuts down cleanly.
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    expect(receiver.verified).toEqual([]);

    await receiver.start();
    const second = await startServer({ ...env, MIGRATE_ON_START: 'false' });
    try {
      // Refused attempts wait 5 s by the retry schedule, then the worker's next poll sends them.
      await vi.waitFor(() => expect(receiver.typesFor(id).sort()).toEqual(['user.registered', 'user.verified']), {
        timeout: 15_000,
        interval: 200,
      });
    } finally {
      await second.stop();
    }
  }, 40_000);
});
