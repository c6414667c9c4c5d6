import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { print, type DocumentNode } from 'graphql';
import {
  LoginDocument,
  LogoutDocument,
  RegisterUserDocument,
  VerifyUserDocument,
} from '../../client/generated/graphql';
import type { App } from '../../src/app';
import type * as AppModule from '../../src/app';
import type * as ConfigModule from '../../src/config/config';
import { APP_SECRET, ROOT } from '../settings';
import { serveOverIpc } from './ipc';

/**
 * The real app, as src/main.ts builds it, on the bench's database. It is the build's (npm run
 * build), as production runs it: tsc's output in dist/, which this process's TypeScript hook
 * passes through untouched, so that only this harness is compiled on the fly.
 */
async function main() {
  const { createApp } = (await import(join(ROOT, 'dist/app.js'))) as typeof AppModule;
  const { loadConfig } = (await import(join(ROOT, 'dist/config/config.js'))) as typeof ConfigModule;
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  if (!databaseUrl) throw new Error('BENCH_DATABASE_URL is not set');
  const config = loadConfig({
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    APP_SECRET,
    // warn: no request log, whose line per request would measure the pipe to the bench; BENCH_LOG_LEVEL=info measures it.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    // Metrics on, as an operator would run it; BENCH_METRICS=off measures what keeping them costs.
    ...(process.env.BENCH_METRICS === 'off' ? {} : { METRICS_PORT: '0' }),
    // The SMS guard as by default (its history seeded by bench/seed.ts); BENCH_FRAUD_GUARD=off measures it off.
    FRAUD_GUARD: process.env.BENCH_FRAUD_GUARD ?? 'enforce',
    VERIFICATION_PROVIDER: 'local',
    SMS_TRANSPORT: 'outbox',
    // All load comes from one IP, and every verify or register would otherwise be throttled.
    RATE_LIMIT_CODE_COOLDOWN: 'off',
    RATE_LIMIT_CODES: 'off',
    RATE_LIMIT_SMS_GLOBAL: 'off',
    RATE_LIMIT_REGISTER_IP: 'off',
    RATE_LIMIT_RESEND_IP: 'off',
    RATE_LIMIT_VERIFY_IP: 'off',
    RATE_LIMIT_LOGIN_IP: 'off',
    LOGIN_SLOWDOWN: 'off',
    LOGIN_LOCKOUT: 'off',
    LOGIN_IP_LOCKOUT: 'off',
    // Passed through so the bench can compare settings: PASSWORD_HASH_CONCURRENCY=1 npm run bench.
    ...(process.env.PASSWORD_HASH_CONCURRENCY
      ? { PASSWORD_HASH_CONCURRENCY: process.env.PASSWORD_HASH_CONCURRENCY }
      : {}),
    // And what the session cache buys: SESSION_CACHE_TTL_MS=0 BENCH_ONLY=postgres npm run bench.
    ...(process.env.SESSION_CACHE_TTL_MS ? { SESSION_CACHE_TTL_MS: process.env.SESSION_CACHE_TTL_MS } : {}),
  });
  const app = await createApp(config);
  const { url } = await app.start();
  await serveOneOfEach(url, app);
  serveOverIpc((app.http.address() as AddressInfo).port, () => app.close(), countInFlight(app.http));
}

/**
 * One signup, verification, login and logout before any measurement, so every scenario meets a
 * server that has served the write paths, as a live one has. A fresh process can be faster in ways
 * that do not last: a first transaction once switched on promise hooks for good, which took `me`
 * from 0.93x to 0.73x of bare Apollo, unseen while the bench measured fresh processes.
 */
async function serveOneOfEach(url: string, app: App): Promise<void> {
  const post = async (document: DocumentNode, variables: object = {}, token?: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: print(document), variables }),
    });
    const body = (await response.json()) as {
      data?: Record<string, { errors?: unknown[] } & Record<string, unknown>>;
      errors?: unknown;
    };
    const payload = body.data && Object.values(body.data)[0];
    if (!payload || body.errors || payload.errors?.length)
      throw new Error(`priming request failed: ${JSON.stringify(body)}`);
    return payload;
  };
  const person = {
    name: 'Bench Primer',
    email: `primer-${process.pid}@bench.example`,
    password: 'correct horse battery',
    // A number of this process's own: two servers priming on one database read each their own code.
    phoneNumber: `+14155552${String(process.pid % 1000).padStart(3, '0')}`,
  };
  await post(RegisterUserDocument, { input: person });
  const [message] = await app.outbox!.list(person.phoneNumber);
  const code = /\b(\d{6})\b/.exec(message?.body ?? '')?.[1] ?? '';
  await post(VerifyUserDocument, { input: { email: person.email, code } });
  const { session } = (await post(LoginDocument, { input: { email: person.email, password: person.password } })) as {
    session: { token: string };
  };
  await post(LogoutDocument, {}, session.token);
}

/**
 * Requests whose handler has not answered yet, even if the client has gone: after a run, the
 * server may still hold a queue of them, which must not spill into the next run.
 */
function countInFlight(http: Server): () => number {
  let inFlight = 0;
  http.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    let ended = false;
    res.end = ((...args: unknown[]) => {
      if (!ended) inFlight--;
      ended = true;
      return end(...args);
    }) as ServerResponse['end'];
  });
  return () => inFlight;
}

main().catch((error: unknown) => {
  console.error('project server failed to start:', error);
  process.exit(1);
});
