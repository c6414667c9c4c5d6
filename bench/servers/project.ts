import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { APP_SECRET } from '../settings';
import { serveOverIpc } from './ipc';

/** The real app, as src/main.ts builds it, on the bench's SQLite file. */
async function main() {
  const databasePath = process.env.BENCH_DATABASE_PATH;
  if (!databasePath) throw new Error('BENCH_DATABASE_PATH is not set');
  const config = loadConfig({
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${databasePath}`,
    APP_SECRET,
    LOG_LEVEL: 'warn',
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
    ...(process.env.PASSWORD_HASH_CONCURRENCY ? { PASSWORD_HASH_CONCURRENCY: process.env.PASSWORD_HASH_CONCURRENCY } : {}),
  });
  const app = await createApp(config);
  await app.listen();
  serveOverIpc((app.http.address() as AddressInfo).port, () => app.close(), countInFlight(app.http));
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
