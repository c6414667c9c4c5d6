import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { RegisterUserDocument } from '../client/generated/graphql';
import { postGraphQL } from './support/http-client';
import { captureLogs } from './support/log-capture';
import { startServer } from './support/server-process';
import { aPerson, startTestApp, useTestApp } from './support/test-app';

/** GET /dev/outbox on the app's own socket, with whatever Host header a client chooses to send. */
function getOutbox(origin: string, host: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/dev/outbox', headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the development outbox', () => {
  const t = useTestApp();

  it('answers only requests addressed to a loopback name, whatever the port', async () => {
    const person = aPerson();
    const { data } = await postGraphQL(t.url, RegisterUserDocument, { input: person });
    const phone = data.registerUser.user!.phoneNumber;
    const { port } = new URL(t.origin);

    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `127.0.0.2:${port}`,
      `[::1]:${port}`,
      'localhost',
      'LocalHost:80',
    ]) {
      const answer = await getOutbox(t.origin, host);
      expect(answer.status, host).toBe(200);
      expect(answer.body, host).toContain(phone);
    }
    // A page whose name was rebound to 127.0.0.1 sends its own name; the rest are the same trick.
    for (const host of [
      `attacker.example:${port}`,
      'attacker.example',
      'localhost.attacker.example',
      '127.0.0.1.nip.io',
      `192.168.1.20:${port}`,
      '[::2]',
      'localhost:4000@attacker.example',
    ]) {
      const answer = await getOutbox(t.origin, host);
      expect(answer.status, host).toBe(403);
      expect(JSON.parse(answer.body), host).toEqual({
        error: 'The outbox answers only requests to localhost, a 127.x.x.x address or [::1].',
      });
      expect(answer.body).not.toContain(phone.slice(-4));
    }
  });

  it('takes a number whose "+" the query string turned into a space, and refuses digits alone', async () => {
    const person = aPerson();
    const { data } = await postGraphQL(t.url, RegisterUserDocument, { input: person });
    const phone = data.registerUser.user!.phoneNumber;
    const ask = (to: string) => fetch(new URL(`/dev/outbox?to=${to}`, t.origin));
    const unencoded = await ask(phone);
    expect(unencoded.status).toBe(200);
    expect(await unencoded.text()).toContain(phone);
    for (const to of [phone.slice(1), phone.slice(2), 'abc']) expect((await ask(to)).status, to).toBe(400);
  });
});

describe('the development outbox beyond loopback', () => {
  it('keeps the server from starting on 0.0.0.0, naming HOST and DEV_OUTBOX_PUBLIC', async () => {
    await expect(startServer({ HOST: '0.0.0.0', DATABASE_URL: 'sqlite::memory:' })).rejects.toThrow(
      /HOST: is 0\.0\.0\.0, beyond loopback.*DEV_OUTBOX_PUBLIC=true/,
    );
  });

  it('starts with DEV_OUTBOX_PUBLIC=true, with a warning, and still answers only loopback names', async () => {
    const logs = captureLogs('warn');
    const t = await startTestApp({ HOST: '0.0.0.0', DEV_OUTBOX_PUBLIC: 'true' }, { logger: logs.logger });
    try {
      const warning = logs.lines.map((line) => JSON.parse(line)).find((entry) => /DEV_OUTBOX_PUBLIC/.test(entry.msg));
      expect(warning).toMatchObject({ level: 40, host: '0.0.0.0' });
      expect((await getOutbox(t.origin, `localhost:${new URL(t.origin).port}`)).status).toBe(200);
      expect((await getOutbox(t.origin, 'dev-box.lan:4000')).status).toBe(403);
    } finally {
      await t.close();
    }
  });
});
