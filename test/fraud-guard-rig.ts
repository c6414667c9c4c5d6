import { createRequire } from 'node:module';
import type * as AltchaLib from 'altcha-lib' with { 'resolution-mode': 'import' };
import type * as Pbkdf2 from 'altcha-lib/algorithms/pbkdf2' with { 'resolution-mode': 'import' };
import { afterAll } from 'vitest';
import { Registry } from 'prom-client';
import { wireFraudGuard } from '../src/abuse/abuse.wiring';
import type { Captcha, CaptchaConfig } from '../src/abuse/captcha/captcha';
import { ALTCHA_WORK, type AltchaWork } from '../src/abuse/captcha/altcha.captcha';
import type { GuardMode } from '../src/abuse/fraud-guard/verdict';
import { DEFAULT_PRICES } from '../src/abuse/fraud-guard/prices';
import { loadConfig } from '../src/config/config';
import type { Database } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { openDatabase } from '../src/db/open';
import { entities } from '../src/entities';
import type { Clock } from '../src/shared/clock';
import { createLogger } from '../src/shared/logger';
import { createPrivateDatabase, createTestDatabase, type TestDatabase } from './support/database';
import { captureLogs } from './support/log-capture';

export const SECRET = 'guard-test-secret-0123456789abcdefghijklmnop';
/** Cheap enough for a test to solve in milliseconds; the signature check is the same. */
export const QUICK_WORK: AltchaWork = { ...ALTCHA_WORK, cost: 10, tries: [10, 50] };

/** Databases for the guard alone, migrated, closed and dropped after the file. */
export function useGuardDatabases() {
  const made: TestDatabase[] = [];
  const open: Database[] = [];
  afterAll(async () => {
    await Promise.all(open.splice(0).map((database) => database.close()));
    await Promise.all(made.splice(0).map((database) => database.drop()));
  });
  const connect = async (url: string) => {
    const config = loadConfig({ DATABASE_URL: url }).database;
    const database = await openDatabase(config, entities, createLogger('silent'));
    open.push(database);
    await migrate(database.orm, config);
    return database;
  };
  return {
    /** A database of its own: in memory on SQLite. */
    async private(): Promise<Database> {
      const made1 = await createPrivateDatabase();
      made.push(made1);
      return connect(made1.url);
    },
    /** A database several connections share, as instances do: a file on SQLite. */
    async shared(): Promise<string> {
      const database = await createTestDatabase();
      made.push(database);
      return database.url;
    },
    connect,
  };
}

export interface GuardOptions {
  clock: Clock;
  mode?: GuardMode;
  dailyBudget?: number;
  captcha?: CaptchaConfig;
  /** APP_SECRET; the tests' own unless given. */
  secret?: string;
}

/** A guard as the app wires it, with its own registry and captured logs. */
export function guardOn(database: Database, options: GuardOptions) {
  const registry = new Registry();
  const logs = captureLogs('info');
  const wiring = wireFraudGuard({
    config: {
      fraudGuard: { mode: options.mode ?? 'enforce', prices: DEFAULT_PRICES, dailyBudget: options.dailyBudget },
      captcha: options.captcha ?? { kind: 'off' },
      appSecret: options.secret ?? SECRET,
      upstreamTimeoutMs: 2_000,
    },
    database,
    phones: { isTestNumber: (phone) => phone.startsWith('+1555555') },
    clock: options.clock,
    log: logs.logger,
    registry,
    altchaWork: QUICK_WORK,
  });
  return { ...wiring, registry, logs };
}

/** `sms_guard_decisions_total` as `{ "allowed/within-budget": 3, ... }`. */
export async function decisionCounts(registry: Registry): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric('sms_guard_decisions_total')?.get();
  return Object.fromEntries(
    (metric?.values ?? []).map((value) => [`${value.labels.decision}/${value.labels.reason}`, value.value]),
  );
}

/** Valid numbers, different per `i`: a US one in an area code (its prefix `+1` + area). */
export const usPhone = (area: string, i: number) => `+1${area}${2_000_000 + i}`;
/** A UK mobile in a block such as `7911` (its prefix `+44` + the block's first three digits). */
export const gbPhone = (block: string, i: number) => `+44${block}${100_000 + i}`;
export const frPhone = (i: number) => `+336${10_000_000 + i}`;
export const dePhone = (i: number) => `+49151${10_000_000 + i}`;

// As in src/abuse/captcha/altcha.captcha.ts: altcha-lib types only its ES module.
const load = createRequire(__filename);
const { solveChallenge } = load('altcha-lib') as typeof AltchaLib;
const { deriveKey } = load('altcha-lib/algorithms/pbkdf2') as typeof Pbkdf2;

/** What the ALTCHA widget does: solve the challenge and hand back base64 of `{ challenge, solution }`. */
export async function solveAltcha(captcha: Captcha): Promise<string> {
  const challenge = await captcha.challenge();
  if (challenge.provider !== 'altcha') throw new Error(`${challenge.provider} is not ALTCHA`);
  const parsed = JSON.parse(challenge.challenge);
  const solution = await solveChallenge({ challenge: parsed, deriveKey });
  return Buffer.from(JSON.stringify({ challenge: parsed, solution })).toString('base64');
}
