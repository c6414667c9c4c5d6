import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { RegisterUserDocument } from '../client/generated/graphql';
import { DOCUMENT_LIMITS } from '../src/graphql/apollo';
import { ipSubject } from '../src/abuse/ip-subject';
import { clientIp } from '../src/http/client-ip';
import { FaultySms } from './support/faulty-sms';
import { postGraphQL } from './support/http-client';
import { aPerson, startTestApp, useTestApp } from './support/test-app';

async function post(url: string, query: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { errors?: { message: string }[] } };
}

describe('GraphQL document limits', () => {
  const t = useTestApp();

  it.each([
    [
      'depth',
      `{ me ${'{ a '.repeat(DOCUMENT_LIMITS.maxDepth)}${'}'.repeat(DOCUMENT_LIMITS.maxDepth)} }`,
      /^Query depth limit of 8 exceeded/,
    ],
    [
      'aliases',
      `{ ${Array.from({ length: DOCUMENT_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
      /^Aliases limit of 10 exceeded, found 11\.$/,
    ],
    [
      'directives',
      `{ me ${'@include(if: true) '.repeat(DOCUMENT_LIMITS.maxDirectives + 1)}{ id } }`,
      /^Directives limit of 10 exceeded/,
    ],
    [
      'tokens',
      `{ me { ${'id '.repeat(DOCUMENT_LIMITS.maxTokens)}} }`,
      /^Syntax Error: Document contains more than 1000 tokens\. Parsing aborted\.$/,
    ],
    // graphql-armor calls a limit a syntax error, and graphql-js misspells its own: said plainly.
  ])('refuses a document over the %s limit with a 400 before running it', async (_, query, message) => {
    const { status, body } = await post(t.url, query);
    expect(status).toBe(400);
    expect(body.errors?.map((e) => e.message).join('\n')).toMatch(message);
  });

  it('runs documents within the limits', async () => {
    const aliases = Array.from({ length: DOCUMENT_LIMITS.maxAliases }, (_, i) => `a${i}: me { id }`).join(' ');
    expect(await post(t.url, `{ ${aliases} }`)).toMatchObject({ status: 200 });
  });

  it('does not echo the values of a rejected variable, such as a password', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation ($i: LoginInput!) { login(input: $i) { errors { code } } }',
        variables: { i: { email: 'a@example.com', password: 'hunter2; secret pass', extra: 1 } },
      }),
    });
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).not.toContain('hunter2');
    expect(body).toContain(
      'Variable \\"$i\\" got an invalid value; Field \\"extra\\" is not defined by type \\"LoginInput\\".',
    );
  });

  it('refuses batched requests', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]),
    });
    expect(response.status).toBe(400);
  });
});

describe('request timeout', () => {
  it('answers 503 when a request takes longer than REQUEST_TIMEOUT_MS', async () => {
    const sms = new FaultySms();
    const t = await startTestApp({ REQUEST_TIMEOUT_MS: '200' }, { wrapSms: sms.wrap });
    // The code's send outlasts the request's time.
    const release = sms.holdSends();
    try {
      const url = t.url;
      const { response, body } = await postGraphQL(url, RegisterUserDocument, { input: aPerson() });
      expect(response.status).toBe(503);
      expect(body.errors?.[0]).toMatchObject({
        message: 'The request took too long.',
        extensions: { code: 'TIMEOUT' },
      });
      release();
      await t.app.settled();
    } finally {
      release();
      await t.close();
    }
  });
});

describe('the client IP', () => {
  const request = (remoteAddress: string, forwardedFor?: string) =>
    ({
      socket: { remoteAddress },
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    }) as unknown as IncomingMessage;

  it('comes from the socket, and a forged X-Forwarded-For changes nothing without TRUST_PROXY', () => {
    expect(clientIp(request('::ffff:203.0.113.9', '1.2.3.4'), 0)).toBe('203.0.113.9');
  });

  it('comes from X-Forwarded-For only as far as TRUST_PROXY proxies vouch for it', () => {
    // The client forged 1.2.3.4; our proxy appended the address it really saw.
    expect(clientIp(request('10.0.0.2', '1.2.3.4, 198.51.100.7'), 1)).toBe('198.51.100.7');
    expect(clientIp(request('10.0.0.2', '1.2.3.4, 198.51.100.7, 10.0.0.1'), 2)).toBe('198.51.100.7');
    expect(clientIp(request('10.0.0.2'), 1)).toBe('10.0.0.2');
  });

  it('is counted by limits without the port or zone a proxy or the kernel adds', () => {
    expect(ipSubject('198.51.100.7:5555')).toBe(ipSubject('198.51.100.7'));
    expect(ipSubject('[2001:db8::5]:443')).toBe(ipSubject('2001:db8::1'));
    expect(ipSubject('fe80::1%eth0')).toBe(ipSubject('fe80::2'));
    expect(ipSubject('2001:db8::1.2.3.4')).toBe(ipSubject('2001:db8::1'));
    expect(ipSubject('2001:db8::1')).not.toBe(ipSubject('2001:db8:0:1::1'));
  });
});
