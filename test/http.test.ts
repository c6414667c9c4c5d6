import { once } from 'node:events';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LogoutDocument, MeDocument, RegisterUserDocument, VerifyUserDocument } from '../client/generated/graphql';
import { User } from '../src/users/user.entity';
import { captureLogs } from './support/log-capture';
import { FaultySms } from './support/faulty-sms';
import { cookiePair, postGraphQL } from './support/http-client';
import { useRig } from './support/rig';
import { aPerson, codeInNewestMessage, startTestApp, useTestApp } from './support/test-app';

describe('over HTTP', () => {
  const logs = captureLogs();
  const sms = new FaultySms();
  const t = useTestApp({}, { logger: logs.logger, wrapSms: sms.wrap });

  it('walks the flow with the session cookie, reading the code from /dev/outbox', async () => {
    const person = aPerson();
    const registered = await postGraphQL(t.url, RegisterUserDocument, { input: person });
    expect(registered.data.registerUser.errors).toEqual([]);
    const phone = registered.data.registerUser.user!.phoneNumber;

    // As typed in a shell: the "+" is not percent-encoded.
    const outbox = await fetch(`${t.origin}/dev/outbox?to=${phone}`);
    expect(outbox.status).toBe(200);
    const messages = (await outbox.json()) as { to: string; channel: string; body: string; createdAt: string }[];
    expect(messages).toEqual([
      { to: phone, channel: 'sms', body: expect.stringMatching(/\d{6}/), createdAt: expect.any(String) },
    ]);
    const code = codeInNewestMessage(
      messages.map((m) => m.body),
      phone,
    );

    const verified = await postGraphQL(t.url, VerifyUserDocument, { input: { email: person.email, code } });
    expect(verified.data.verifyUser.errors).toEqual([]);
    const setCookie = verified.response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = cookiePair(verified.response);

    expect((await postGraphQL(t.url, MeDocument, {}, { cookie })).data.me?.email).toBe(person.email);
    const latest = (await (await fetch(`${t.origin}/dev/outbox?to=${encodeURIComponent(phone)}`)).json()) as {
      body: string;
    }[];
    expect(latest[0].body).toBe('You did it! Signup complete :)');

    const loggedOut = await postGraphQL(t.url, LogoutDocument, {}, { cookie });
    expect(loggedOut.data.logout.loggedOut).toBe(true);
    expect(loggedOut.response.headers.get('set-cookie')).toMatch(/^session=; .*Max-Age=0/);
    expect((await postGraphQL(t.url, MeDocument, {}, { cookie })).data.me).toBeNull();
  });

  it('refuses a /dev/outbox "to" that is not an E.164 number with a 400 that says so', async () => {
    // Digits alone are refused, as the README says, not read as a number with its "+" left off.
    for (const to of ['4155552671', '14155552671', '%00', 'abc', '%2B1415%00', '+0123', '1'.repeat(16)]) {
      const response = await fetch(`${t.origin}/dev/outbox?to=${to}`);
      expect(response.status, to).toBe(400);
      expect(await response.json()).toEqual({
        error: 'to must be a phone number in E.164, such as +14155552671, or left out.',
      });
    }
    // An empty "to" is no number either; a parameter the outbox does not know (say "to[]", as some
    // clients spell a list) would otherwise be ignored, and every message shown as if filtered.
    expect((await fetch(`${t.origin}/dev/outbox?to=`)).status).toBe(400);
    const unknown = await fetch(`${t.origin}/dev/outbox?to%5B%5D=%2B14155552671`);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ error: 'The outbox takes one parameter, to; not to[].' });
    expect((await fetch(`${t.origin}/dev/outbox`)).status).toBe(200);
  });

  it('accepts the token as a bearer header, and prefers it to a cookie', async () => {
    const { token, user } = await t.registerVerified();
    const { data } = await postGraphQL(
      t.url,
      MeDocument,
      {},
      { authorization: `Bearer ${token}`, cookie: 'session=stale' },
    );
    expect(data.me?.id).toBe(user.id);
    expect((await postGraphQL(t.url, MeDocument, {}, { authorization: 'Bearer nonsense' })).data.me).toBeNull();
  });

  it('logs out both sessions when a request carries a bearer token and a cookie of another', async () => {
    const { token: bearer } = await t.registerVerified();
    const { token: cookie } = await t.registerVerified();
    const both = { authorization: `Bearer ${bearer}`, cookie: `session=${cookie}` };
    expect((await postGraphQL(t.url, LogoutDocument, {}, both)).data.logout.loggedOut).toBe(true);
    expect((await postGraphQL(t.url, MeDocument, {}, { authorization: `Bearer ${bearer}` })).data.me).toBeNull();
    expect((await postGraphQL(t.url, MeDocument, {}, { cookie: `session=${cookie}` })).data.me).toBeNull();
  });

  it('answers /healthz, and /readyz once the database is migrated', async () => {
    const response = await fetch(`${t.origin}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${t.origin}/readyz`)).status).toBe(200);
  });

  it('suggests the field meant in development', async () => {
    expect(await errorMessages(t.url, MISSPELT_FIELD)).toEqual([
      'Cannot query field "mee" on type "Query". Did you mean "me"?',
    ]);
    expect(await errorMessages(t.url, ...MISSPELT_VARIABLE)).toEqual([
      'Variable "$input" got an invalid value; Field "emial" is not defined by type "ResendCodeInput". Did you mean "email"?',
    ]);
  });

  it('serves Apollo Sandbox to a browser in development, saying what to open without its CDN', async () => {
    const response = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toMatch(/embeddable-sandbox/i);
    expect(page).toContain('Apollo Sandbox loads from Apollo’s CDN');
    expect(page).toContain('<a href="/dev/outbox">');
  });

  it('refuses malformed, oversized and cross-site-simple requests with 4xx', async () => {
    const malformed = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":',
    });
    expect(malformed.status).toBe(400);
    // In the GraphQL error shape, with a code, as every other 400 is.
    expect(await malformed.json()).toEqual({
      errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }],
    });
    // Bytes that are not UTF-8 would reach the resolvers as U+FFFD, a value the client never sent.
    const notUtf8 = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.concat([
        Buffer.from('{"query":"{ me { id } }","variables":{"a":"'),
        Buffer.from([0xff]),
        Buffer.from('"}}'),
      ]),
    });
    expect(notUtf8.status).toBe(400);
    expect(await notUtf8.json()).toEqual({
      errors: [{ message: 'The request body is not valid UTF-8.', extensions: { code: 'BAD_REQUEST' } }],
    });
    const huge = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ me { id } }${' '.repeat(200_000)}` }),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({
      errors: [{ message: 'Request body is larger than 102400 bytes.', extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    });
    const simple = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(simple.status).toBe(400);
    expect((await fetch(`${t.origin}/nowhere`)).status).toBe(404);
  });

  it('masks an unexpected failure, logs it with the request id, and keeps no half-made user', async () => {
    const person = aPerson();
    sms.failNext(new Error('socket hang up at secret-internal-host:443'));
    const { response, body } = await postGraphQL(t.url, RegisterUserDocument, { input: person });
    const requestId = response.headers.get('x-request-id');
    expect(body.errors).toEqual([
      {
        message: 'Internal server error',
        locations: expect.any(Array),
        path: ['registerUser'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
      },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/secret-internal-host|at .*\.ts|stack/);
    const logged = logs.lines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.requestId === requestId && entry.level >= 50);
    expect(logged?.err?.message).toContain('socket hang up');
    expect(await t.app.orm.em.fork().count(User, { email: person.email })).toBe(0);
  });
});

describe('over HTTP in production', () => {
  const rig = useRig('local', 'twilio', { env: { NODE_ENV: 'production' } });

  it('marks the session cookie Secure', async () => {
    const person = aPerson();
    await postGraphQL(rig.t.url, RegisterUserDocument, { input: person });
    const code = await rig.t.latestCode(
      (await rig.t.app.orm.em.fork().findOneOrFail(User, { email: person.email })).phoneNumber,
    );
    const verified = await postGraphQL(rig.t.url, VerifyUserDocument, { input: { email: person.email, code } });
    expect(verified.response.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('tells a browser that opens /graphql what the address is, without Sandbox', async () => {
    const opened = await fetch(rig.t.url, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(opened.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await opened.text();
    expect(page).toContain('This is the GraphQL API');
    expect(page).toContain('ENABLE_SANDBOX=true');
    // No outbox in production, so no link to one.
    expect(page).not.toContain('/dev/outbox');
    expect(page).not.toMatch(/csrf|apollo-require-preflight/i);
    // A client's GET of a query still gets GraphQL's JSON answer.
    const query = await fetch(`${rig.t.url}?query=${encodeURIComponent('{ me { id } }')}`, {
      headers: { accept: 'text/html', 'apollo-require-preflight': 'true' },
    });
    expect(query.headers.get('content-type')).toMatch(/json/);
  });

  it('names no field or type the client did not ask for in its errors', async () => {
    expect(await errorMessages(rig.t.url, MISSPELT_FIELD)).toEqual(['Cannot query field "mee" on type "Query".']);
    expect(await errorMessages(rig.t.url, ...MISSPELT_VARIABLE)).toEqual([
      'Variable "$input" got an invalid value; Field "emial" is not defined by type "ResendCodeInput".',
    ]);
  });

  it('exposes neither the dev outbox, the Sandbox nor introspection', async () => {
    expect((await fetch(`${rig.t.origin}/dev/outbox`)).status).toBe(404);
    expect(await (await fetch(rig.t.url, { headers: { accept: 'text/html' } })).text()).not.toMatch(
      /embeddable-sandbox/i,
    );
    const introspection = await fetch(rig.t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { types { name } } }' }),
    });
    const [refusal] = ((await introspection.json()) as { errors: { message: string }[] }).errors;
    expect(refusal.message).toMatch(/introspection is not allowed/i);
    // The setting an operator has, not Apollo's constructor option.
    expect(refusal.message).toContain('ENABLE_INTROSPECTION=true');
    expect(refusal.message).not.toContain('ApolloServer');
  });
});

describe('Apollo Sandbox turned on in production', () => {
  const rig = useRig('local', 'twilio', { env: { NODE_ENV: 'production', ENABLE_SANDBOX: 'true' } });

  it('links to no outbox from its offline text, since none is served', async () => {
    const page = await (await fetch(rig.t.url, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('Apollo Sandbox loads from Apollo’s CDN');
    expect(page).not.toContain('/dev/outbox');
  });
});

/** The messages of a request's GraphQL errors. */
async function errorMessages(url: string, query: string, variables?: Record<string, unknown>): Promise<string[]> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: { message: string }[] };
  return (body.errors ?? []).map((error) => error.message);
}

const MISSPELT_FIELD = '{ mee { id } }';
const MISSPELT_VARIABLE = [
  'mutation ($input: ResendCodeInput!) { resendCode(input: $input) { message } }',
  { input: { email: 'a@example.com', emial: 'a' } },
] as const;

describe('shutting down', () => {
  it('lets a request in flight finish, then closes its kept-alive connection without waiting out the keep-alive timeout', async () => {
    const t = await startTestApp();
    const url = new URL(t.url);
    // Long enough that waiting it out would fail the test by its own timeout.
    t.app.http.keepAliveTimeout = 60_000;
    const body = JSON.stringify({ query: '{ __typename }' });
    const socket = connect(Number(url.port), url.hostname);
    await once(socket, 'connect');
    // Headers and half the body: the request is in flight when close() starts.
    const received = once(t.app.http, 'request');
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n${body.slice(0, 5)}`,
    );
    await received;
    const closed = t.close();
    socket.write(body.slice(5));
    let response = '';
    socket.on('data', (chunk) => (response += chunk));
    await Promise.all([closed, once(socket, 'close')]);
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response).toContain('{"data":{"__typename":"Query"}}');
  });
});
