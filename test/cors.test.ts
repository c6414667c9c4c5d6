import { describe, expect, it } from 'vitest';
import { MeDocument } from '../client/generated/graphql';
import { postGraphQL } from './support/http-client';
import { useTestApp } from './support/test-app';

const LISTED = 'http://localhost:5173';

function preflight(url: string, origin: string) {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,authorization,apollo-require-preflight,x-apollo-operation-name',
    },
  });
}

describe('CORS on /graphql', () => {
  const t = useTestApp({ CORS_ORIGINS: `${LISTED},https://app.example.com` });

  it("answers a listed origin's preflight with 204, credentials and the headers GraphQL clients send", async () => {
    const response = await preflight(t.url, LISTED);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(response.headers.get('access-control-allow-headers')?.split(', ')).toEqual([
      'content-type',
      'authorization',
      'apollo-require-preflight',
      'x-apollo-operation-name',
    ]);
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('lets a listed origin read answers, and tells caches they depend on the origin', async () => {
    const { response, data } = await postGraphQL(t.url, MeDocument, {}, { origin: 'https://app.example.com' });
    expect(data.me).toBeNull();
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('access-control-expose-headers')).toBe('x-request-id');
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('gives an unlisted origin, or one that differs only by scheme or port, no CORS headers', async () => {
    for (const origin of ['https://evil.example', 'https://localhost:5173', 'http://localhost:5174']) {
      const response = await preflight(t.url, origin);
      expect(response.status, origin).not.toBe(204);
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
      const { response: answer } = await postGraphQL(t.url, MeDocument, {}, { origin });
      expect(answer.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('keeps CSRF prevention on for listed origins: a simple request is still refused', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { origin: LISTED, 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(response.status).toBe(400);
    const get = await fetch(`${t.url}?query=${encodeURIComponent('{ me { id } }')}`, { headers: { origin: LISTED } });
    expect(get.status).toBe(400);
    const preflighted = await fetch(`${t.url}?query=${encodeURIComponent('{ me { id } }')}`, {
      headers: { origin: LISTED, 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(200);
  });
});

describe('CORS without CORS_ORIGINS', () => {
  const t = useTestApp();

  it("answers no origin's preflight", async () => {
    const response = await preflight(t.url, LISTED);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.status).not.toBe(204);
  });
});
