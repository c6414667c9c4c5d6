import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { RegisterUserDocument, VerifyUserDocument } from '../client/generated/graphql';
import { wireFraudGuard } from '../src/abuse/abuse.wiring';
import { destinationOf } from '../src/abuse/fraud-guard/destination';
import { DAY } from '../src/abuse/fraud-guard/guard-keys';
import { DEFAULT_PRICES, priceOf } from '../src/abuse/fraud-guard/prices';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import type { Database } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { openDatabase } from '../src/db/open';
import { entities } from '../src/entities';
import { createLogger } from '../src/shared/logger';

/**
 * SMS pumping against a real server, over HTTP: `npm run simulate:pumping`.
 *
 * By default it starts the server itself (as `npm run dev` does, FRAUD_GUARD and CAPTCHA_PROVIDER
 * at their defaults, behind one trusted proxy) on a temporary SQLite file, with a clock it moves,
 * so four hours of traffic take seconds. With `-- --url http://host:port/graphql` it drives a
 * server already running instead, in real time: that server needs TRUST_PROXY=1 (the bot's 200
 * addresses travel in X-Forwarded-For) and the development outbox (real people read their codes
 * there); with `--database-url` too, the healthy prefixes' history is seeded into its database.
 *
 * The mix, after 14 days of usual traffic (48 codes a day to each healthy prefix, nine in ten entered):
 * - a bot's 1,000 signups to numbers in one fresh prefix (+44 795), from 200 addresses, never verifying;
 * - real people in the US, the UK, France and Germany, who enter their code 30 s after it comes;
 * - a burst to a healthy prefix (+1 212) at three times its usual day's volume, in the four hours.
 */
const ATTACK_SIGNUPS = 1_000;
const STEP_MS = (4 * 3_600_000) / ATTACK_SIGNUPS;
const APP_SECRET = 'simulate-pumping-secret-0123456789abcdefgh';

const us = (area: string) => (i: number) => `+1${area}${2_000_000 + i}`;
const gb = (block: string) => (i: number) => `+44${block}${100_000 + i}`;
const fr = (i: number) => `+336${10_000_000 + i}`;
const de = (i: number) => `+49151${10_000_000 + i}`;

const ATTACKED = gb('7950');
const REAL = [us('415'), gb('7400'), fr, de];
const BURST = us('212');

/** A server to drive: its clock moves with `advance` when this script started it, and not otherwise. */
interface Target {
  url: string;
  now(): number;
  advance(ms: number): void;
  /** Where the guard's history is seeded; none for a server given by URL alone. */
  database?: Database;
  close(): Promise<void>;
}

type Group = 'attack' | 'real' | 'burst';
interface Tally {
  asked: number;
  sent: number;
  challenged: number;
  blocked: number;
  other: number;
  spent: number;
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const url = option('--url');
  const target = url ? await connect(url, option('--database-url')) : await startServer();
  try {
    if (target.database) await seedHistory(target);
    else console.error('no --database-url: the burst meets a prefix without history\n');
    const tallies = await drive(target);
    report(tallies);
  } finally {
    await target.close();
  }
}

async function startServer(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-pumping-'));
  let now = Date.parse('2026-11-15T08:00:00Z');
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: `sqlite:${join(dir, 'app.sqlite')}`,
    APP_SECRET,
    LOG_LEVEL: process.env.SIM_LOG ?? 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    TRUST_PROXY: '1',
  });
  const app = await createApp(config, { clock: () => new Date(now) });
  const { url } = await app.start();
  return {
    url,
    now: () => now,
    advance: (ms) => (now += ms),
    database: app.database,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function connect(url: string, databaseUrl: string | undefined): Promise<Target> {
  let database: Database | undefined;
  if (databaseUrl) {
    const config = loadConfig({ DATABASE_URL: databaseUrl }).database;
    database = await openDatabase(config, entities, createLogger('silent'));
    await migrate(database.orm, config);
  }
  return { url, now: () => Date.now(), advance: () => undefined, database, close: async () => database?.close() };
}

/**
 * Two weeks of usual traffic, counted as the server's guard counts it: the same rows in the same
 * database, written through a guard of this process on a clock that walks up to the target's now.
 */
async function seedHistory(target: Target): Promise<void> {
  const end = target.now();
  let time = end - 14 * DAY;
  const guard = wireFraudGuard({
    config: {
      fraudGuard: { mode: 'enforce', prices: DEFAULT_PRICES },
      captcha: { kind: 'off' },
      appSecret: APP_SECRET,
      upstreamTimeoutMs: 1_000,
    },
    database: target.database!,
    phones: { isTestNumber: () => false },
    clock: () => new Date(time),
    log: createLogger('silent'),
  }).guard;
  for (let slot = 0; time < end - 60_000; slot++, time += DAY / 48)
    for (const numbering of [...REAL, BURST]) {
      const phone = numbering(slot);
      await guard.check({ phone, channel: 'sms', verifiedBefore: false });
      // Every tenth code of each prefix is never entered.
      if (slot % 10 !== 0) await guard.verified({ phone });
    }
}

async function drive(target: Target): Promise<Record<Group, Tally>> {
  const tallies = { attack: tally(), real: tally(), burst: tally() };
  const count = async (group: Group, phone: string, answer: string[]) => {
    const t = tallies[group];
    t.asked++;
    if (answer.length === 0) {
      t.sent++;
      t.spent += priceOf(DEFAULT_PRICES, destinationOf(phone).country, 'sms');
    } else if (answer.includes('CAPTCHA_REQUIRED')) t.challenged++;
    else if (answer.includes('SMS_BLOCKED')) t.blocked++;
    else t.other++;
  };
  const sentToBot: string[] = [];
  for (let i = 0; i < ATTACK_SIGNUPS; i++) {
    const phone = ATTACKED(i);
    const answer = await register(target, phone, `198.51.${100 + Math.floor((i % 200) / 100)}.${i % 100}`);
    await count('attack', phone, answer);
    if (answer.length === 0) sentToBot.push(phone);
    if (i % 10 === 0) {
      const phone = REAL[(i / 10) % REAL.length](100_000 + i);
      await count('real', phone, await person(target, phone, `192.0.2.${(i / 10) % 250}`, true));
    }
    if (i % 7 === 0) {
      const phone = BURST(200_000 + i);
      await count('burst', phone, await person(target, phone, `203.0.113.${(i / 7) % 250}`, i % 70 !== 0));
    }
    target.advance(STEP_MS);
  }
  // What reached the bot's phones, read where the texts went rather than taken from the answers.
  let texts = 0;
  for (const phone of sentToBot) texts += (await outbox(target, phone)).length;
  if (texts !== sentToBot.length)
    throw new Error(`the outbox holds ${texts} texts to the bot, not ${sentToBot.length}`);
  return tallies;
}

/** A person who signs up and, if `enters`, types the texted code 30 s later. Answers the signup's error codes. */
async function person(target: Target, phone: string, ip: string, enters: boolean): Promise<string[]> {
  const answer = await register(target, phone, ip, `person.${phone.slice(1)}@example.com`);
  if (answer.length > 0 || !enters) return answer;
  target.advance(30_000);
  const code = /\b(\d{6})\b/.exec((await outbox(target, phone))[0] ?? '')?.[1];
  const verified = await post(target, print(VerifyUserDocument), { input: { email: emailOf(phone), code } }, ip);
  const errors = (verified.verifyUser as { errors: { code: string }[] }).errors;
  if (errors.length > 0) throw new Error(`a real person's right code was refused: ${errors[0].code}`);
  return [];
}

const emailOf = (phone: string) => `person.${phone.slice(1)}@example.com`;

async function register(target: Target, phone: string, ip: string, email = `bot.${phone.slice(1)}@example.net`) {
  const input = { name: 'Sim User', email, password: 'correct horse battery staple', phoneNumber: phone };
  const data = await post(target, print(RegisterUserDocument), { input }, ip);
  return (data.registerUser as { errors: { code: string }[] }).errors.map((error) => error.code);
}

async function post(target: Target, query: string, variables: object, ip: string) {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
  if (!body.data) throw new Error(`the server answered ${response.status}: ${body.errors?.[0]?.message}`);
  return body.data;
}

async function outbox(target: Target, phone: string): Promise<string[]> {
  const response = await fetch(new URL(`/dev/outbox?to=${encodeURIComponent(phone)}`, target.url));
  if (!response.ok) throw new Error(`/dev/outbox answered ${response.status}: is the outbox the SMS transport?`);
  return ((await response.json()) as { body: string }[]).map((message) => message.body);
}

const tally = (): Tally => ({ asked: 0, sent: 0, challenged: 0, blocked: 0, other: 0, spent: 0 });

function report(tallies: Record<Group, Tally>): void {
  const row = (name: string, t: Tally) =>
    `| ${name} | ${t.asked} | ${t.sent} | ${t.challenged} | ${t.blocked} | ${t.other} | ${t.spent.toFixed(2)} |`;
  const { attack, real, burst } = tallies;
  console.log(
    '| traffic, over four hours | asked | codes sent | challenged | blocked | other refusals | spent (USD) |',
  );
  console.log('|---|---|---|---|---|---|---|');
  console.log(row('bot, 200 IPs, fresh prefix +44 795, never verifies', attack));
  console.log(row('real people in US / UK / FR / DE, verify within a minute', real));
  console.log(row("a burst to +1 212: three times its usual day's codes, in the four hours", burst));
  const full = ATTACK_SIGNUPS * priceOf(DEFAULT_PRICES, 'GB', 'sms');
  console.log(
    `\ncodes sent to the attacked prefix: ${attack.sent}; money spent on them: ${attack.spent.toFixed(2)} USD ` +
      `(all ${ATTACK_SIGNUPS} would have cost ${full.toFixed(2)} USD)`,
  );
  const held = real.challenged + real.blocked + real.other + burst.challenged + burst.blocked + burst.other;
  console.log(`real users refused or challenged: ${held} of ${real.asked + burst.asked}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
