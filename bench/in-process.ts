import { Session } from 'node:inspector/promises';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { print } from 'graphql';
import { RegisterUserDocument, VerifyUserDocument } from '../client/generated/graphql';
import { createApp, type App } from '../src/app';
import { loadConfig } from '../src/config/config';
import { SessionCookies } from '../src/sessions/session-cookie';

/**
 * Apollo's HTTP entry point called in a loop, with no sockets: µs per request for the project's `me` and `{ __typename }` and bare Apollo's `{ __typename }`, after one signup.
 * `npm run bench:in-process`; `BENCH_ALLOCATIONS=me` (or typename, bare) lists where one of them
 * allocates instead. Finer than `npm run bench`, and blind to HTTP: a lead, not a result.
 */
const REQUESTS = 50_000;
const ROUNDS = 3;

async function main() {
  const app = await createApp(
    loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: 'sqlite::memory:',
      APP_SECRET: 'in-process-bench-secret-0123456789abcdef',
      LOG_LEVEL: 'silent',
    }),
  );
  const project = (token?: string) => (body: Record<string, unknown>) =>
    app.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers: jsonHeaders(), search: '', body },
      context: () =>
        app.createContext({ requestId: 'bench', ip: '192.0.2.1', token, cookies: new SessionCookies(false) }),
    });
  const token = await signUp(app, project());
  const bare = new ApolloServer({ typeDefs: 'type Query { hello: String }' });
  await bare.start();

  const cases: Record<string, () => Promise<unknown>> = {
    me: () => project(token)({ query: '{ me { id email verified } }' }),
    typename: () => project(token)({ query: '{ __typename }' }),
    bare: () =>
      bare.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers: jsonHeaders(), search: '', body: { query: '{ __typename }' } },
        context: async () => ({}),
      }),
  };
  // Each must answer as meant before it is timed: a quick error would read as a fast request.
  const expected: Record<string, string> = {
    me: '"verified":true',
    typename: '"__typename":"Query"',
    bare: '"__typename":"Query"',
  };
  for (const [name, request] of Object.entries(cases)) {
    const { body } = (await request()) as { body: { kind: string; string?: string } };
    if (!body.string?.includes(expected[name]) || body.string.includes('"errors"'))
      throw new Error(`${name} answered ${body.string}`);
  }
  const only = process.env.BENCH_ALLOCATIONS;
  if (only) {
    if (!cases[only]) throw new Error(`BENCH_ALLOCATIONS is one of ${Object.keys(cases).join(', ')}`);
    await allocationsOf(cases[only]);
  } else {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, request] of Object.entries(cases))
        console.log(`round ${round}  ${name.padEnd(8)} ${await measure(request)}`);
    }
  }
  await Promise.all([app.close(), bare.stop()]);
}

const jsonHeaders = () => new HeaderMap([['content-type', 'application/json']]);

/** Registers and verifies one person through the project's own mutations; returns the session token. */
async function signUp(
  app: App,
  request: (body: Record<string, unknown>) => Promise<{ body: unknown }>,
): Promise<string> {
  const send = async (query: string, variables: object) => {
    const { body } = await request({ query, variables });
    return JSON.parse((body as { string: string }).string) as { data: Record<string, Record<string, unknown>> };
  };
  const person = {
    name: 'Bench Person',
    email: 'bench@example.com',
    password: 'correct horse battery',
    phoneNumber: '+14155552671',
  };
  await send(print(RegisterUserDocument), { input: person });
  const code = /\b(\d{6})\b/.exec((await app.outbox!.list(person.phoneNumber))[0]?.body ?? '')?.[1];
  const verified = await send(print(VerifyUserDocument), { input: { email: person.email, code } });
  const token = (verified.data.verifyUser.session as { token: string } | null)?.token;
  if (!token) throw new Error(`signing up failed: ${JSON.stringify(verified)}`);
  return token;
}

/** Wall time per request, requests one after another, after a warm-up for V8's optimizer. */
async function measure(request: () => Promise<unknown>): Promise<string> {
  for (let i = 0; i < REQUESTS / 10; i++) await request();
  const started = process.hrtime.bigint();
  for (let i = 0; i < REQUESTS; i++) await request();
  const micros = Number(process.hrtime.bigint() - started) / 1_000 / REQUESTS;
  return `${micros.toFixed(2)} µs/request`;
}

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

/** V8's sampling heap profiler, counting garbage too: bytes per request by allocating function. */
async function allocationsOf(request: () => Promise<unknown>): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  // Both flags keep objects already collected in the profile; garbage is what this is looking for.
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 256,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  } as object);
  const count = 20_000;
  for (let i = 0; i < count; i++) await request();
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: SamplingNode } };
  const bytesByFunction = new Map<string, number>();
  const walk = (node: SamplingNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    bytesByFunction.set(key, (bytesByFunction.get(key) ?? 0) + node.selfSize);
    node.children.forEach(walk);
  };
  walk(profile.head);
  const total = [...bytesByFunction.values()].reduce((sum, bytes) => sum + bytes, 0);
  console.log(`${Math.round(total / count)} B/request, by allocating function:`);
  for (const [where, bytes] of [...bytesByFunction].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`${String(Math.round(bytes / count)).padStart(7)}  ${where}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
