import { describe, expect, it } from 'vitest';
import type { FraudGuard } from '../src/abuse/fraud-guard/fraud-guard';
import { DAY, HOUR } from '../src/abuse/fraud-guard/guard-keys';
import type { CodeSend, GuardVerdict } from '../src/abuse/fraud-guard/verdict';
import { execute } from '../src/db/dialect';
import type { Database } from '../src/db/database';
import { fakeClock } from './support/clock';
import {
  dePhone,
  decisionCounts,
  solveAltcha,
  frPhone,
  gbPhone,
  guardOn,
  useGuardDatabases,
  usPhone,
} from './fraud-guard-rig';

const MINUTE = 60_000;
const START = new Date('2026-11-01T00:00:00Z');

type Time = ReturnType<typeof fakeClock>;

/** A person who asks for a code and enters it 30 seconds later, or never (every tenth, by default). */
async function realUser(guard: FraudGuard, time: Time, phone: string, ip: string, enters = true) {
  const verdict = await guard.check({ phone, channel: 'sms', ip, verifiedBefore: false });
  time.advance(30_000);
  if (verdict.send && enters) await guard.verified({ phone, ip });
  return verdict;
}

/**
 * `days` of usual traffic: `perDay` codes a day to each numbering, evenly spread, nine in ten
 * entered within a minute. Every one of them must go out.
 */
async function history(
  guard: FraudGuard,
  time: Time,
  numberings: ((i: number) => string)[],
  perDay: number,
  days: number,
) {
  const gap = DAY / perDay;
  let n = 0;
  for (let slot = 0; slot < perDay * days; slot++) {
    for (const phone of numberings) {
      n++;
      const verdict = await realUser(guard, time, phone(n), `192.0.2.${n % 250}`, n % 10 !== 0);
      expect(verdict, 'usual traffic goes out').toMatchObject({ decision: 'allowed', send: true });
    }
    time.advance(gap - 30_000 * numberings.length);
  }
}

const HEALTHY = [(i: number) => usPhone('415', i), (i: number) => gbPhone('7400', i), frPhone];
const ATTACKED = (i: number) => gbPhone('7950', i);
const attackerIp = (i: number) => `198.51.${100 + (i % 200 >= 100 ? 1 : 0)}.${i % 100}`;
const bot = (i: number): CodeSend => ({ phone: ATTACKED(i), channel: 'sms', ip: attackerIp(i), verifiedBefore: false });

describe('the SMS guard', () => {
  const databases = useGuardDatabases();

  it('sends at most 30 codes of an attack of 1,000 signups from 200 IPs to a fresh prefix, and every code real users elsewhere ask for', async () => {
    const time = fakeClock(START);
    const { guard } = guardOn(await databases.private(), { clock: time.clock });
    await history(guard, time, HEALTHY, 48, 14);

    const attack: GuardVerdict[] = [];
    const real: GuardVerdict[] = [];
    // Four hours: a bot's signup every 14.4 s, and a real person's (a known numbering or a new one) every tenth.
    for (let i = 0; i < 1000; i++) {
      attack.push(await guard.check(bot(i)));
      if (i % 10 === 0) {
        const phone = i % 40 === 0 ? dePhone(i) : HEALTHY[(i / 10) % 3](10_000 + i);
        real.push(await realUser(guard, time, phone, `192.0.2.${i % 250}`));
        time.advance(14_400 - 30_000 / 1);
      } else time.advance(14_400);
    }

    const sent = attack.filter((verdict) => verdict.send);
    expect(sent.length).toBeLessThanOrEqual(30);
    expect(sent.length).toBeGreaterThan(0);
    expect(attack.at(-1)).toMatchObject({ decision: 'blocked', send: false });
    expect(real.filter((verdict) => verdict.decision !== 'allowed')).toEqual([]);
  });

  it('lets a burst of three times the usual volume to a healthy prefix through, neither challenged nor refused', async () => {
    const time = fakeClock(START);
    const { guard } = guardOn(await databases.private(), { clock: time.clock });
    const usual = (i: number) => usPhone('212', i);
    await history(guard, time, [usual], 48, 14);

    const burst: GuardVerdict[] = [];
    for (let i = 0; i < 48 * 3; i++) {
      burst.push(await realUser(guard, time, usual(50_000 + i), `203.0.113.${i % 250}`, i % 10 !== 0));
      time.advance(DAY / (48 * 3) - 30_000);
    }
    // And the same three times concentrated into the usual busiest hour's share of the day.
    for (let i = 0; i < 24; i++) {
      burst.push(await realUser(guard, time, usual(60_000 + i), `203.0.113.${i % 250}`, i % 10 !== 0));
      time.advance(2.5 * MINUTE - 30_000);
    }
    expect(burst.map((verdict) => verdict.decision)).toEqual(burst.map(() => 'allowed'));
  });

  it("stops codes to unverified numbers once the day's spend reaches SMS_DAILY_BUDGET, but not a verified owner's", async () => {
    const time = fakeClock(START);
    // A UK text costs 0.046 in the default table: two fit under 0.05 only if the first is refunded.
    const { guard, registry } = guardOn(await databases.private(), { clock: time.clock, dailyBudget: 0.05 });
    const send = (i: number, verifiedBefore = false) =>
      guard.check({ phone: gbPhone('7' + String(100 + i), 1), channel: 'sms', ip: `192.0.2.${i}`, verifiedBefore });

    expect(await send(1)).toMatchObject({ decision: 'allowed', send: true });
    expect(await send(2)).toMatchObject({ decision: 'allowed', send: true });
    expect(await send(3)).toMatchObject({ decision: 'blocked', reason: 'daily-spend', send: false });
    expect(await send(4, true)).toMatchObject({ decision: 'allowed', reason: 'verified-before', send: true });
    expect(await send(5)).toMatchObject({ decision: 'blocked', reason: 'daily-spend' });
    const spend = await registry.getSingleMetric('sms_spend_total')?.get();
    expect(spend?.values).toEqual([expect.objectContaining({ labels: { currency: 'USD' }, value: 3 * 0.046 })]);

    time.advance(DAY);
    expect(await send(6)).toMatchObject({ decision: 'allowed', send: true });
  });

  it('gives back what a code that did not go out counted', async () => {
    const time = fakeClock(START);
    const { guard } = guardOn(await databases.private(), { clock: time.clock, dailyBudget: 0.05 });
    const send = (i: number) =>
      guard.check({ phone: gbPhone('7' + String(100 + i), 1), channel: 'sms', verifiedBefore: false });
    const first = await send(1);
    await guard.notSent(first.ticket!);
    expect(await send(2)).toMatchObject({ decision: 'allowed' });
    expect(await send(3)).toMatchObject({ decision: 'allowed' });
    expect(await send(4)).toMatchObject({ decision: 'blocked', reason: 'daily-spend' });

    // Codes that never went out leave a fresh prefix's budget whole.
    const uncapped = guardOn(await databases.private(), { clock: time.clock }).guard;
    for (let i = 0; i < 40; i++) {
      const verdict = await uncapped.check(bot(i));
      expect(verdict.decision).toBe('allowed');
      await uncapped.notSent(verdict.ticket!);
    }
  });

  it('always sends to a number its owner verified before, even in a prefix that is refused', async () => {
    const time = fakeClock(START);
    const { guard } = guardOn(await databases.private(), { clock: time.clock });
    for (let i = 0; i < 60; i++) await guard.check(bot(i));
    expect(await guard.check(bot(61))).toMatchObject({ decision: 'blocked', send: false });
    expect(await guard.check({ ...bot(62), verifiedBefore: true })).toMatchObject({
      decision: 'allowed',
      reason: 'verified-before',
      send: true,
    });
  });

  it('challenges a client asking for a third country without entering a code, and refuses a fourth', async () => {
    const time = fakeClock(START);
    const { guard, captcha } = guardOn(await databases.private(), { clock: time.clock, captcha: { kind: 'altcha' } });
    const ask = (phone: string) => guard.check({ phone, channel: 'sms', ip: '2001:db8:1:2::7', verifiedBefore: false });
    expect(await ask(usPhone('415', 1))).toMatchObject({ decision: 'allowed' });
    expect(await ask(gbPhone('7400', 1))).toMatchObject({ decision: 'allowed' });
    expect(await ask(frPhone(1))).toMatchObject({ decision: 'challenged', reason: 'client-countries', send: false });
    const answer = await solveAltcha(captcha!);
    expect(
      await guard.check({
        phone: frPhone(1),
        channel: 'sms',
        ip: '2001:db8:1:2::7',
        verifiedBefore: false,
        captcha: answer,
      }),
    ).toMatchObject({ decision: 'allowed', reason: 'challenge-passed' });
    // Another address of the same /64 is the same client.
    expect(
      await guard.check({ phone: dePhone(1), channel: 'sms', ip: '2001:db8:1:2::99', verifiedBefore: false }),
    ).toMatchObject({ decision: 'blocked', reason: 'client-countries', send: false });

    // A code entered in a country takes that country off the count; a day later the client starts afresh.
    await guard.verified({ phone: usPhone('415', 1), ip: '2001:db8:1:2::7' });
    expect(await ask(dePhone(2))).toMatchObject({ decision: 'challenged' });
    await guard.verified({ phone: gbPhone('7400', 1), ip: '2001:db8:1:2::7' });
    expect(await ask(dePhone(3))).toMatchObject({ decision: 'allowed' });
    expect(await ask(usPhone('212', 1))).toMatchObject({ decision: 'allowed' });
    time.advance(DAY + HOUR);
    for (const phone of [frPhone(5), dePhone(5)]) expect(await ask(phone)).toMatchObject({ decision: 'allowed' });
  });

  it('asks for a solved challenge near a budget, takes each answer once, and flags what it cannot challenge', async () => {
    const time = fakeClock(START);
    const database = await databases.private();
    const { guard, captcha } = guardOn(database, { clock: time.clock, captcha: { kind: 'altcha' } });
    let i = 0;
    let verdict: GuardVerdict;
    do verdict = await guard.check({ ...bot(i++), ip: `192.0.2.${i}` });
    while (verdict.decision === 'allowed');
    expect(verdict).toMatchObject({ decision: 'challenged', send: false });

    const answer = await solveAltcha(captcha!);
    const withAnswer = { ...bot(i++), ip: `192.0.2.${i}`, captcha: answer };
    expect(await guard.check(withAnswer)).toMatchObject({
      decision: 'allowed',
      reason: 'challenge-passed',
      send: true,
    });
    expect(await guard.check({ ...withAnswer, phone: ATTACKED(i++) })).toMatchObject({ decision: 'challenged' });
    expect(await guard.check({ ...withAnswer, phone: ATTACKED(i++), captcha: 'not an answer' })).toMatchObject({
      decision: 'challenged',
    });

    const { guard: unchallenging, logs } = guardOn(database, { clock: time.clock, captcha: { kind: 'off' } });
    expect(await unchallenging.check({ ...bot(i++), ip: `192.0.2.${i}` })).toMatchObject({
      decision: 'flagged',
      send: true,
    });
    expect(logs.text()).toMatch(/near a budget/);
  });

  it('refuses nothing in monitor mode, and counts and logs every decision it would have made', async () => {
    const time = fakeClock(START);
    const { guard, registry, logs } = guardOn(await databases.private(), {
      clock: time.clock,
      mode: 'monitor',
      captcha: { kind: 'altcha' },
    });
    const verdicts: GuardVerdict[] = [];
    for (let i = 0; i < 200; i++) {
      verdicts.push(await guard.check(bot(i)));
      time.advance(10_000);
    }
    expect(verdicts.every((verdict) => verdict.send)).toBe(true);
    const counts = await decisionCounts(registry);
    expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(200);
    expect(counts['blocked/prefix-hourly'] + counts['blocked/prefix-daily']).toBeGreaterThan(100);
    expect(counts['challenged/prefix-hourly']).toBeGreaterThan(0);
    expect(logs.lines.filter((line) => line.includes('would have blocked'))).toHaveLength(
      counts['blocked/prefix-hourly'] + counts['blocked/prefix-daily'],
    );
    // Neither the number nor the client's address is logged.
    expect(logs.text()).not.toMatch(/7950\d{4}|198\.51\./);
  });

  it('costs nothing with FRAUD_GUARD=off: no statement, no metric', async () => {
    const time = fakeClock(START);
    const database = await databases.private();
    const { guard, registry } = guardOn(database, { clock: time.clock, mode: 'off' });
    for (let i = 0; i < 100; i++) expect(await guard.check(bot(i))).toMatchObject({ decision: 'allowed', send: true });
    expect(await rowCount(database)).toBe(0);
    expect(await decisionCounts(registry)).toEqual({});
  });

  it('reports codes entered over codes sent per country, and prunes the counts no decision reads', async () => {
    const time = fakeClock(START);
    const database = await databases.private();
    const { guard, registry, prune } = guardOn(database, { clock: time.clock });
    for (let i = 0; i < 4; i++) await realUser(guard, time, usPhone('415', i), '192.0.2.1', i !== 0);
    await realUser(guard, time, frPhone(1), '192.0.2.2', false);
    const ratio = await registry.getSingleMetric('verification_conversion_ratio')?.get();
    expect(Object.fromEntries(ratio!.values.map((value) => [value.labels.country, value.value]))).toEqual({
      US: 0.75,
      FR: 0,
    });

    expect(await rowCount(database)).toBeGreaterThan(0);
    time.advance(16 * DAY);
    expect(await prune()).toBeGreaterThan(0);
    expect(await rowCount(database)).toBe(0);
  });

  it('shares its counts between instances: an attack split across two gets no more codes than against one', async () => {
    const time = fakeClock(START);
    const alone = guardOn(await databases.private(), { clock: time.clock }).guard;
    const url = await databases.shared();
    const [a, b] = [
      guardOn(await databases.connect(url), { clock: time.clock }).guard,
      guardOn(await databases.connect(url), { clock: time.clock }).guard,
    ];
    let againstOne = 0;
    let againstTwo = 0;
    for (let i = 0; i < 200; i += 2) {
      const [one, other] = await Promise.all([a.check(bot(i)), b.check(bot(i + 1))]);
      againstTwo += Number(one.send) + Number(other.send);
      againstOne += Number((await alone.check(bot(i))).send) + Number((await alone.check(bot(i + 1))).send);
      // Over several hours: each instance then judges by the closed hours it read, the other's codes in them.
      time.advance(4 * 60_000);
    }
    expect(againstOne).toBeGreaterThan(0);
    expect(againstTwo).toBeLessThanOrEqual(againstOne);
  });
});

async function rowCount(database: Database): Promise<number> {
  const [row] = await execute<{ n: number | string }[]>(database.db, 'select count(*) as n from sms_guard_counts');
  return Number(row.n);
}
