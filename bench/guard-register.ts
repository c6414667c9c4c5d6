import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeaderMap } from '@apollo/server';
import { print } from 'graphql';
import { RegisterUserDocument } from '../client/generated/graphql';
import type { GuardMode } from '../src/abuse/fraud-guard/verdict';
import { createApp, type App } from '../src/app';
import { loadConfig } from '../src/config/config';
import { SessionCookies } from '../src/sessions/session-cookie';
import { phoneNumber } from './requests';
import { seedGuardHistory } from './seed';
import { median } from './stats';

/**
 * registerUser in process, FRAUD_GUARD=enforce against off, in alternating rounds, each on a
 * fresh SQLite file with the same history seeded (a busy deployment's, as `npm run bench` seeds
 * it): `node -r @swc-node/register bench/guard-register.ts`. CPU time per signup, threads
 * included, is the figure to read on a shared machine: wall-clock rates there swing more from
 * round to round than the guard costs.
 */
const SIGNUPS = Number(process.env.BENCH_SIGNUPS ?? 400);
const CONCURRENCY = 16;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);

interface Round {
  perSecond: number;
  cpuMs: number;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'avg-guard-register-'));
  const rounds: Record<GuardMode, Round[]> = { off: [], enforce: [], monitor: [] };
  let serial = 0;
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      // Half the rounds in each order, so whatever favours the first of a pair lands on both.
      const order: GuardMode[] = round % 2 ? ['off', 'enforce'] : ['enforce', 'off'];
      for (const mode of order) {
        const app = await start(join(dir, `${round}-${mode}.sqlite`), mode);
        await signUps(app, serial, 50);
        serial += 50;
        const started = process.hrtime.bigint();
        const cpu = process.cpuUsage();
        await signUps(app, serial, SIGNUPS);
        serial += SIGNUPS;
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const { user, system } = process.cpuUsage(cpu);
        const measured = { perSecond: SIGNUPS / seconds, cpuMs: (user + system) / 1_000 / SIGNUPS };
        rounds[mode].push(measured);
        console.log(
          `round ${round}  FRAUD_GUARD=${mode.padEnd(7)}  ${measured.perSecond.toFixed(1)} signups/s, ` +
            `${measured.cpuMs.toFixed(2)} ms of CPU each`,
        );
        await app.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pairs = (pick: (r: Round) => number) => rounds.enforce.map((r, i) => pick(r) / pick(rounds.off[i]));
  console.log(
    `\nmedian over ${ROUNDS} pairs, enforce / off: signups/s ${median(pairs((r) => r.perSecond)).toFixed(3)}, ` +
      `CPU per signup ${median(pairs((r) => r.cpuMs)).toFixed(3)}`,
  );
}

async function start(path: string, mode: GuardMode): Promise<App> {
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: `sqlite:${path}`,
    APP_SECRET: 'guard-register-bench-secret-0123456789abc',
    LOG_LEVEL: 'warn',
    PORT: '0',
    FRAUD_GUARD: mode,
    // All signups come from a few addresses; the phone limits are not what is measured.
    ...Object.fromEntries(
      ['REGISTER_IP', 'CODE_COOLDOWN', 'CODES', 'SMS_GLOBAL'].map((limit) => [`RATE_LIMIT_${limit}`, 'off']),
    ),
  });
  const app = await createApp(config);
  await seedGuardHistory(app.database, Date.now());
  return app;
}

async function signUps(app: App, from: number, count: number): Promise<void> {
  let next = from;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < from + count) await signUp(app, next++);
    }),
  );
}

async function signUp(app: App, i: number) {
  const input = {
    name: `Bench ${i}`,
    email: `bench${i}@example.com`,
    password: 'correct horse battery staple',
    phoneNumber: phoneNumber(i % 60_000),
  };
  const { body } = await app.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: 'POST',
      headers: new HeaderMap([['content-type', 'application/json']]),
      search: '',
      body: { query: print(RegisterUserDocument), variables: { input } },
    },
    context: () =>
      app.createContext({ requestId: 'bench', ip: `192.0.2.${i % 4}`, cookies: new SessionCookies(false) }),
  });
  const text = (body as { string?: string }).string ?? '';
  if (!text.includes('"errors":[]')) throw new Error(`registerUser answered ${text.slice(0, 300)}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
