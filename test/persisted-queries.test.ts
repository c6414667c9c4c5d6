import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PERSISTED_QUERIES_MAX_CHARACTERS } from '../src/graphql/apollo';
import { captureLogs } from './support/log-capture';
import { useTestApp } from './support/test-app';

const sha256 = (query: string) => createHash('sha256').update(query).digest('hex');

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** What Apollo Client's PersistedQueryLink sends: the hash, and the query only when asked for it. */
function persisted(url: string) {
  const post = async (body: object, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };
  const extensions = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(query) } });
  return {
    hashOnly: (query: string, operationName?: string, headers?: Record<string, string>) =>
      post({ operationName, extensions: extensions(query) }, headers),
    withQuery: (query: string, operationName?: string) => post({ query, operationName, extensions: extensions(query) }),
    /** useGETForHashedQueries: the hash in the URL, with the header CSRF prevention asks of a GET. */
    async getHashOnly(query: string): Promise<Answer> {
      const search = new URLSearchParams({ extensions: JSON.stringify(extensions(query)) });
      const response = await fetch(`${url}?${search}`, { headers: { 'apollo-require-preflight': 'true' } });
      return { status: response.status, body: (await response.json()) as Answer['body'] };
    },
  };
}

const codes = (answer: Answer) => answer.body.errors?.map((error) => error.extensions?.code);

describe('automatic persisted queries', () => {
  const logs = captureLogs();
  const t = useTestApp({ METRICS_PORT: '0' }, { logger: logs.logger });

  it('asks for an unknown hash, then runs the query by its hash alone once it was sent with it', async () => {
    const apq = persisted(t.url);
    const query = 'query WhoAmI { me { id email } }';
    const unknown = await apq.hashOnly(query, 'WhoAmI');
    expect(codes(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(unknown.body.errors![0].message).toBe('PersistedQueryNotFound');

    const registered = await apq.withQuery(query, 'WhoAmI');
    expect(registered).toEqual({ status: 200, body: { data: { me: null } } });
    expect(await apq.hashOnly(query, 'WhoAmI')).toEqual({ status: 200, body: { data: { me: null } } });
    expect(await apq.getHashOnly(query)).toEqual({ status: 200, body: { data: { me: null } } });
  });

  it('signs in by hash: a persisted mutation runs over POST with the session it opens', async () => {
    const { input } = await t.registerVerified();
    const login = 'mutation SignIn($input: LoginInput!) { login(input: $input) { errors { code } user { id } } }';
    const variables = { input: { email: input.email, password: input.password } };
    const post = (body: object) =>
      fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(login) } };
    await post({ query: login, variables, extensions });
    const byHash = await post({ variables, extensions });
    expect(byHash.status).toBe(200);
    expect(await byHash.json()).toMatchObject({ data: { login: { errors: [], user: { id: expect.any(String) } } } });
    expect(byHash.headers.get('set-cookie')).toMatch(/^session=/);
  });

  it('refuses a persisted mutation over GET, as it refuses any mutation there', async () => {
    const apq = persisted(t.url);
    const logout = 'mutation SignOut { logout { loggedOut } }';
    await apq.withQuery(logout, 'SignOut');
    const search = new URLSearchParams({
      extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(logout) } }),
    });
    const response = await fetch(`${t.url}?${search}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(405);
  });

  it('keeps the document limits: a document over them is refused and never stored', async () => {
    const apq = persisted(t.url);
    const aliases = `{ ${Array.from({ length: 11 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const tokens = `{ me { ${'id '.repeat(1_000)}} }`;
    for (const [query, code] of [
      [aliases, 'GRAPHQL_VALIDATION_FAILED'],
      [tokens, 'GRAPHQL_PARSE_FAILED'],
    ] as const) {
      const refused = await apq.withQuery(query);
      expect(refused.status, code).toBe(400);
      expect(codes(refused)).toEqual([code]);
      expect(codes(await apq.hashOnly(query))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    }
  });

  it('holds a bounded amount of text, forgetting the least recently used documents first', async () => {
    const apq = persisted(t.url);
    const first = 'query First { me { id } }';
    await apq.withQuery(first, 'First');
    // Comments count toward the cache's size but not toward the parser's token limit.
    const padding = 90_000;
    for (let i = 0; i <= PERSISTED_QUERIES_MAX_CHARACTERS / padding; i++)
      expect((await apq.withQuery(`# ${i}${'.'.repeat(padding)}\n{ me { id } }`)).status).toBe(200);
    expect(codes(await apq.hashOnly(first, 'First'))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it("refuses a hash that is not the query's, or an unknown version, as the client's mistake, storing nothing", async () => {
    const post = async (body: object) => {
      const response = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    };
    const claimed = (version: number) => ({ persistedQuery: { version, sha256Hash: sha256('{ me { id } }') } });
    logs.lines.length = 0;
    expect(await post({ query: '{ me { email } }', extensions: claimed(1) })).toEqual({
      status: 400,
      body: { errors: [{ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } }] },
    });
    expect(await post({ query: '{ me { id } }', extensions: claimed(2) })).toEqual({
      status: 400,
      body: { errors: [{ message: 'Unsupported persisted query version', extensions: { code: 'BAD_REQUEST' } }] },
    });
    expect(logs.lines.map((line) => JSON.parse(line)).filter((entry) => entry.level >= 50)).toEqual([]);
    expect(codes(await persisted(t.url).hashOnly('{ me { id } }'))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('counts and logs an operation run by its hash as one run by its text', async () => {
    const apq = persisted(t.url);
    const query = 'query Myself { me { id } }';
    await apq.withQuery(query, 'Myself');
    const scrape = async () => (await fetch(t.metricsUrl!)).text();
    const count = (text: string) =>
      Number(/^graphql_operations_total\{operation="me",outcome="ok"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    const before = count(await scrape());
    logs.lines.length = 0;
    expect((await apq.hashOnly(query, 'Myself')).status).toBe(200);
    expect(count(await scrape())).toBe(before + 1);
    await expect
      .poll(() => logs.lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request'))
      .toEqual([expect.objectContaining({ route: '/graphql', status: 200, operation: 'Myself' })]);
  });
});
