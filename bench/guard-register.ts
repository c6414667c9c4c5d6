import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeaderMap } from '@apollo/server';
import { print } from 'graphql';
import { RegisterUserDocument } from '../client/generated/graphql';
import { wireFraudGuard } from '../src/abuse/abuse.wiring';
import type { FraudGuard } from '../src/abuse/fraud-guard/fraud-guard';
import { createApp, type App } from '../src/app';
import { loadConfig } from '../src/config/config';
import { SessionCookies } from '../src/sessions/session-cookie';

/**
 * registerUser's throughput in process, with the SMS guard's check() in front of each text the
 * app sends (through the SMS transport seam, about where the wiring will put it) against none,
 * alternating rounds on a SQLite file: `node -r @swc-node/register bench/guard-register.ts`.
 * A lead until the guard is wired and `npm run bench` measures it through HTTP.
 */
const SIGNUPS = Number(process.env.BENCH_SIGNUPS ?? 400);
const CONCURRENCY = 16;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'avg-guard-register-'));
  let serial = 0;
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const guarded of [false, true]) {
        const app = await start(join(dir, `${round}-${guarded}.sqlite`), guarded);
        const started = process.hrtime.bigint();
        const cpu = process.cpuUsage();
        let next = 0;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next < SIGNUPS) {
              next++;
              await signUp(app, serial++);
            }
          }),
        );
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const { user, system } = process.cpuUsage(cpu);
        console.log(
          `round ${round}  guard ${guarded ? 'on ' : 'off'}  ${(SIGNUPS / seconds).toFixed(1)} signups/s, ` +
            `${((user + system) / 1_000 / SIGNUPS).toFixed(2)} ms of CPU each`,
        );
        await app.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function start(path: string, guarded: boolean): Promise<App> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: `sqlite:${path}`,
    APP_SECRET: 'guard-register-bench-secret-0123456789abc',
    LOG_LEVEL: process.env.BENCH_LOG ?? 'silent',
    PORT: '0',
    ...Object.fromEntries(
      ['REGISTER_IP', 'CODE_COOLDOWN', 'CODES', 'SMS_GLOBAL'].map((limit) => [`RATE_LIMIT_${limit}`, 'off']),
    ),
  });
  const wired: { guard?: FraudGuard } = {};
  const app = await createApp(config, {
    wrapSms: (transport) =>
      guarded
        ? {
            ...transport,
            name: transport.name,
            send: async (message) => {
              const verdict = await wired.guard!.check({
                phone: message.to,
                channel: 'sms',
                ip: '192.0.2.1',
                verifiedBefore: false,
              });
              if (!verdict.send) throw new Error(`refused: ${verdict.reason}`);
              return transport.send(message);
            },
          }
        : transport,
  });
  const guard = wireFraudGuard({
    config,
    database: app.database,
    phones: { isTestNumber: () => false },
    clock: () => new Date(),
    log: app.log,
  }).guard;
  wired.guard = guard;
  // Codes entered in every area code this hour: room for the round's codes, which nobody enters.
  if (guarded)
    for (let i = 0; i < 100 * AREAS.length; i++) await guard.verified({ phone: phoneOf(i), ip: '192.0.2.1' });
  return app;
}

const AREAS = ['201', '202', '206', '212', '213', '305', '312', '415', '512', '617', '702', '718'];
const phoneOf = (i: number) => `+1${AREAS[i % AREAS.length]}${2_000_000 + i}`;

async function signUp(app: App, i: number) {
  const input = {
    name: `Bench ${i}`,
    email: `bench${i}@example.com`,
    password: 'correct horse battery staple',
    phoneNumber: phoneOf(i),
  };
  const { body } = await app.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: 'POST',
      headers: new HeaderMap([['content-type', 'application/json']]),
      search: '',
      body: { query: print(RegisterUserDocument), variables: { input } },
    },
    context: () =>
      app.createContext({ requestId: 'bench', ip: `192.0.2.${i % 250}`, cookies: new SessionCookies(false) }),
  });
  const text = (body as { string?: string }).string ?? '';
  if (!text.includes('"errors":[]')) throw new Error(`registerUser answered ${text.slice(0, 300)}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
