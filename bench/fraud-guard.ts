import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wireFraudGuard } from '../src/abuse/abuse.wiring';
import type { FraudGuard } from '../src/abuse/fraud-guard/fraud-guard';
import { DAY } from '../src/abuse/fraud-guard/guard-keys';
import { DEFAULT_PRICES, priceOf } from '../src/abuse/fraud-guard/prices';
import type { GuardMode, GuardVerdict } from '../src/abuse/fraud-guard/verdict';
import { destinationOf } from '../src/abuse/fraud-guard/destination';
import { loadConfig } from '../src/config/config';
import type { Database } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { openDatabase } from '../src/db/open';
import { entities } from '../src/entities';
import { createLogger } from '../src/shared/logger';

/**
 * The SMS guard alone, in process: `node -r @swc-node/register bench/fraud-guard.ts`, on a SQLite
 * file (WAL, as a server runs it) or BENCH_DATABASE_URL's PostgreSQL. Two parts:
 *
 * 1. A day's mix against the guard's decisions, after 14 days of usual traffic: a bot's 1,000
 *    signups from 200 IPs to a fresh UK prefix over four hours, never entering a code; real people
 *    in the US, UK and France who enter theirs within a minute (one in ten never does); and a
 *    burst of three times a US prefix's usual volume. What each got.
 * 2. What one decision costs: µs per check() for a code within budget, guard on against off.
 *
 * The end-to-end measure (registerUser's throughput, guard on against off, through the server)
 * belongs with `npm run bench` once the guard is wired into the flows.
 */
const CHECKS = Number(process.env.BENCH_CHECKS ?? 2_000);

type Time = { now: number };
const clockOf = (time: Time) => () => new Date(time.now);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'avg-guard-bench-'));
  const url = process.env.BENCH_DATABASE_URL ?? `sqlite:${join(dir, 'app.sqlite')}`;
  try {
    const database = await open(url);
    await simulate(database);
    await database.close();
    for (const mode of ['off', 'enforce', 'off', 'enforce'] as GuardMode[]) {
      const fresh = await open(url.startsWith('sqlite') ? `sqlite:${join(dir, `${mode}-${Date.now()}.sqlite`)}` : url);
      console.log(`check() + verified(), FRAUD_GUARD=${mode}`.padEnd(42), await costOf(fresh, mode));
      await fresh.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function open(url: string): Promise<Database> {
  const config = loadConfig({ DATABASE_URL: url }).database;
  const database = await openDatabase(config, entities, createLogger('silent'));
  await migrate(database.orm, config);
  return database;
}

function guardOf(database: Database, time: Time, mode: GuardMode = 'enforce'): FraudGuard {
  return wireFraudGuard({
    config: {
      fraudGuard: { mode, prices: DEFAULT_PRICES },
      captcha: { kind: 'altcha' },
      appSecret: 'guard-bench-secret-0123456789abcdefghijkl',
      upstreamTimeoutMs: 1_000,
    },
    database,
    phones: { isTestNumber: () => false },
    clock: clockOf(time),
    log: createLogger('silent'),
  }).guard;
}

const us = (area: string) => (i: number) => `+1${area}${2_000_000 + i}`;
const gb = (block: string) => (i: number) => `+44${block}${100_000 + i}`;
const fr = (i: number) => `+336${10_000_000 + i}`;

async function simulate(database: Database) {
  const time = { now: Date.parse('2026-11-01T00:00:00Z') };
  const guard = guardOf(database, time);
  const healthy = [us('415'), gb('7400'), fr];
  const burstPrefix = us('212');
  let n = 0;
  const person = async (phone: string, enters: boolean) => {
    const verdict = await guard.check({ phone, channel: 'sms', ip: `192.0.2.${n++ % 250}`, verifiedBefore: false });
    if (verdict.send && enters) await guard.verified({ phone, ip: `192.0.2.${n % 250}` });
    return verdict;
  };
  // 14 days, 48 codes a day to each numbering, one in ten never entered.
  for (let slot = 0; slot < 48 * 14; slot++) {
    for (const numbering of [...healthy, burstPrefix]) await person(numbering(n), n % 10 !== 0);
    time.now += DAY / 48;
  }

  const tally = { attack: [] as GuardVerdict[], real: [] as GuardVerdict[], burst: [] as GuardVerdict[] };
  const spend = { attack: 0, real: 0 };
  const cost = (phone: string) => priceOf(DEFAULT_PRICES, destinationOf(phone).country, 'sms');
  for (let i = 0; i < 1000; i++) {
    const phone = gb('7950')(i);
    const ip = `198.51.${100 + Math.floor((i % 200) / 100)}.${i % 100}`;
    const verdict = await guard.check({ phone, channel: 'sms', ip, verifiedBefore: false });
    tally.attack.push(verdict);
    if (verdict.send) spend.attack += cost(phone);
    if (i % 10 === 0) {
      const phone = healthy[(i / 10) % 3](100_000 + i);
      const verdict = await person(phone, i % 100 !== 0);
      tally.real.push(verdict);
      if (verdict.send) spend.real += cost(phone);
    }
    if (i % 7 === 0) {
      const phone = burstPrefix(200_000 + i);
      const verdict = await person(phone, i % 70 !== 0);
      tally.burst.push(verdict);
      if (verdict.send) spend.real += cost(phone);
    }
    time.now += 14_400;
  }
  const row = (name: string, verdicts: GuardVerdict[]) => {
    const count = (decision: string) => verdicts.filter((verdict) => verdict.decision === decision).length;
    return `| ${name} | ${verdicts.length} | ${verdicts.filter((v) => v.send).length} | ${count('challenged')} | ${count('blocked')} |`;
  };
  console.log('| traffic, over four hours | asked | sent | challenged | blocked |');
  console.log('|---|---|---|---|---|');
  console.log(row('bot, 200 IPs, fresh prefix +44 795, never enters a code', tally.attack));
  console.log(row('real people, US / UK / FR, enter the code within a minute', tally.real));
  console.log(row('a burst at 3x a US prefix usual rate (+1 212)', tally.burst));
  console.log(
    `\nspent on the attacked prefix: ${spend.attack.toFixed(2)} USD; on real people: ${spend.real.toFixed(2)} USD`,
  );
  console.log(`(1,000 codes to it would have cost ${(1000 * cost(gb('7950')(0))).toFixed(2)} USD)\n`);
}

const AREAS = ['201', '202', '206', '212', '213', '305', '312', '415', '512', '617', '702', '718'];

/**
 * µs per person: check() of a code within every budget, then verified() once it is entered,
 * each to a new number in one of a dozen US area codes.
 */
async function costOf(database: Database, mode: GuardMode): Promise<string> {
  const time = { now: Date.parse('2026-11-01T00:00:00Z') };
  const guard = guardOf(database, time, mode);
  let checking = 0n;
  const person = async (i: number) => {
    const phone = us(AREAS[i % AREAS.length])(i);
    const ip = `192.0.2.${i % 250}`;
    const started = process.hrtime.bigint();
    const verdict = await guard.check({ phone, channel: 'sms', ip, verifiedBefore: false });
    checking += process.hrtime.bigint() - started;
    if (!verdict.send) throw new Error(`the bench's traffic was refused: ${verdict.reason}`);
    await guard.verified({ phone, ip });
  };
  for (let i = 0; i < 200; i++) await person(i);
  checking = 0n;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let i = 0; i < CHECKS; i++) {
    await person(1_000 + i);
    time.now += 5_000;
  }
  const perPerson = Number(process.hrtime.bigint() - started) / 1_000 / CHECKS;
  const { user, system } = process.cpuUsage(cpu);
  return (
    `${perPerson.toFixed(0)} µs, of which check() ${(Number(checking) / 1_000 / CHECKS).toFixed(0)} µs; ` +
    `${((user + system) / CHECKS).toFixed(0)} µs of CPU`
  );
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
