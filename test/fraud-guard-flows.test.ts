import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfirmPhoneChangeDocument,
  RequestPasswordResetDocument,
  ResendCodeDocument,
  ResetPasswordDocument,
  StartPhoneChangeDocument,
  type RegisterUserInput,
} from '../client/generated/graphql';
import { SpentChallenge } from '../src/abuse/captcha/spent-challenge.entity';
import { SmsGuardCount } from '../src/abuse/fraud-guard/guard-count.entity';
import { User } from '../src/users/user.entity';
import { fakeClock } from './support/clock';
import { createTestDatabase, type TestDatabase } from './support/database';
import {
  dePhone,
  frPhone,
  gbPhone,
  GUARD_ON,
  latestCode,
  QUICK_ALTCHA,
  realPerson,
  registerFrom,
  signupTo,
  SMS_BLOCKED_MESSAGE,
  solvedCaptcha,
  textsToPrefix,
  usPhone,
} from './support/guarded-app';
import { postGraphQL } from './support/http-client';
import { useRig } from './support/rig';
import { startTestApp, useTestApp, type TestApp } from './support/test-app';

const START = new Date('2026-11-02T00:00:00Z');
const DAY = 86_400_000;
const ATTACKED = '+44795';
const bot = (i: number) => gbPhone('7950', i);
const botIp = (i: number) => `198.51.${100 + (i % 200 >= 100 ? 1 : 0)}.${i % 100}`;

/** An app with the guard on, behind a proxy, on a clock the test moves. */
function guardedApp(env: Record<string, string> = {}) {
  const time = fakeClock(START);
  const t = useTestApp({ ...GUARD_ON, ...env }, { clock: time.clock, altchaWork: QUICK_ALTCHA });
  return { t, time };
}

const users = (t: TestApp) => t.app.orm.em.fork().count(User, {});

describe('the SMS guard in front of registerUser, over HTTP', () => {
  const { t, time } = guardedApp();

  it('sends at most 30 codes of 1,000 signups from 200 IPs to a fresh prefix, stores none it refused, and every real person elsewhere gets theirs', async () => {
    const refusals: string[] = [];
    const real: string[][] = [];
    const realPrefixes = [(i: number) => usPhone('415', i), frPhone, dePhone, (i: number) => gbPhone('7400', i)];
    // Four hours: a bot's signup every 14.4 s, and a real person's (who enters the code 30 s later) every tenth.
    for (let i = 0; i < 1000; i++) {
      const answer = await registerFrom(t.url, botIp(i), signupTo(bot(i)));
      refusals.push(...answer.errors.map((error) => error.code));
      if (answer.errors.length > 0) expect(answer.errors[0].message).not.toMatch(/budget|prefix|country|daily/i);
      if (i % 10 === 0) {
        const phone = realPrefixes[(i / 10) % 4](i);
        real.push(await realPerson(t.url, t.app, `192.0.2.${(i / 10) % 250}`, phone, () => time.advance(30_000)));
        time.advance(14_400 - 30_000);
      } else time.advance(14_400);
    }

    const sent = await textsToPrefix(t.app, ATTACKED);
    expect(sent).toBeLessThanOrEqual(30);
    expect(sent).toBeGreaterThan(0);
    expect(refusals).toHaveLength(1000 - sent);
    expect(refusals.filter((code) => code !== 'CAPTCHA_REQUIRED' && code !== 'SMS_BLOCKED')).toEqual([]);
    expect(real).toEqual(real.map(() => []));
    // Only the signups whose code went out are kept: the real people and the bot's few.
    expect(await users(t)).toBe(sent + real.length);
  }, 180_000);

  it('answers SMS_BLOCKED with the plain words, and CAPTCHA_REQUIRED until a solved challenge comes along, once', async () => {
    time.advance(DAY);
    const prefix = (i: number) => usPhone('808', i);
    // A fresh prefix: three unentered codes in an hour are allowed, the fourth needs a challenge.
    for (let i = 0; i < 3; i++)
      expect((await registerFrom(t.url, `203.0.113.${i}`, signupTo(prefix(i)))).errors).toEqual([]);
    const before = await users(t);
    const held = signupTo(prefix(3));
    expect((await registerFrom(t.url, '203.0.113.3', held)).errors).toEqual([
      expect.objectContaining({ code: 'CAPTCHA_REQUIRED', field: 'captcha' }),
    ]);
    expect((await registerFrom(t.url, '203.0.113.3', { ...held, captcha: 'not an answer' })).errors).toEqual([
      expect.objectContaining({ code: 'CAPTCHA_REQUIRED' }),
    ]);
    expect(await users(t)).toBe(before);
    expect(await latestCode(t.app, prefix(3))).toBeUndefined();

    const captcha = await solvedCaptcha(t.url);
    expect((await registerFrom(t.url, '203.0.113.3', { ...held, captcha })).errors).toEqual([]);
    expect(await latestCode(t.app, prefix(3))).toMatch(/^\d{6}$/);
    // The same answer again, for another signup: taken already.
    const replayed = await registerFrom(t.url, '203.0.113.4', signupTo(prefix(4), { captcha }));
    expect(replayed.errors.map((error) => error.code)).toEqual(['CAPTCHA_REQUIRED']);

    // Solving every challenge, a bot still meets the prefix's budget: then no answer helps.
    let blocked: RegisterUserInput | undefined;
    for (let i = 5; i < 40 && !blocked; i++) {
      const input = signupTo(prefix(i), { captcha: await solvedCaptcha(t.url) });
      const answer = await registerFrom(t.url, `203.0.113.${i}`, input);
      if (answer.errors.length > 0) {
        expect(answer.errors).toEqual([
          { code: 'SMS_BLOCKED', field: 'phoneNumber', message: SMS_BLOCKED_MESSAGE, retryAfter: null },
        ]);
        blocked = input;
      }
    }
    expect(blocked).toBeDefined();
    expect(await latestCode(t.app, blocked!.phoneNumber)).toBeUndefined();
  });

  it('holds a resend to a challenged prefix in the background, answering as for any email, and sends it with a solved challenge', async () => {
    time.advance(DAY);
    const prefix = (i: number) => usPhone('907', i);
    for (let i = 0; i < 3; i++) await registerFrom(t.url, `203.0.113.${50 + i}`, signupTo(prefix(i)));
    const person = signupTo(prefix(3), { captcha: await solvedCaptcha(t.url) });
    expect((await registerFrom(t.url, '203.0.113.60', person)).errors).toEqual([]);
    const first = await latestCode(t.app, person.phoneNumber);
    time.advance(31_000);

    const resend = async (captcha?: string) => {
      const { data } = await postGraphQL(
        t.url,
        ResendCodeDocument,
        { input: { email: person.email, captcha } },
        { 'x-forwarded-for': '203.0.113.60' },
      );
      await t.app.settled();
      return data.resendCode;
    };
    const unknown = await postGraphQL(t.url, ResendCodeDocument, { input: { email: 'nobody@example.com' } });
    const held = await resend();
    expect(held.errors).toEqual([]);
    expect(held.message).toBe(unknown.data.resendCode.message);
    expect((await t.app.outbox!.list(person.phoneNumber)).length).toBe(1);
    expect(await latestCode(t.app, person.phoneNumber)).toBe(first);

    time.advance(31_000);
    expect((await resend(await solvedCaptcha(t.url))).errors).toEqual([]);
    expect((await t.app.outbox!.list(person.phoneNumber)).length).toBe(2);
  });

  it('lets real people in a fresh prefix through when they enter their codes: each entry widens its budget', async () => {
    time.advance(DAY);
    const answers: string[][] = [];
    for (let i = 0; i < 15; i++)
      answers.push(await realPerson(t.url, t.app, `192.0.2.${100 + i}`, usPhone('505', i), () => time.advance(20_000)));
    expect(answers).toEqual(answers.map(() => []));
  });
});

describe('a burst to a healthy prefix', () => {
  const { t, time } = guardedApp();

  it('is neither refused nor challenged at three times the usual volume', async () => {
    const usual = (i: number) => usPhone('212', i);
    // 14 days of history, 48 codes a day, nine in ten entered, counted by the app's own guard.
    const gap = DAY / 48;
    for (let n = 0; n < 48 * 14; n++) {
      const phone = usual(n);
      const ip = `192.0.2.${n % 250}`;
      const verdict = await t.app.fraudGuard.check({ phone, channel: 'sms', ip, verifiedBefore: false });
      expect(verdict.send).toBe(true);
      time.advance(30_000);
      if (n % 10 !== 0) await t.app.fraudGuard.verified({ phone, ip });
      time.advance(gap - 30_000);
    }
    // Then a day at three times that, through registerUser and verifyUser.
    const answers: string[][] = [];
    for (let i = 0; i < 48 * 3; i++) {
      const ip = `203.0.113.${i % 250}`;
      if (i % 10 === 0)
        answers.push((await registerFrom(t.url, ip, signupTo(usual(50_000 + i)))).errors.map((e) => e.code));
      else answers.push(await realPerson(t.url, t.app, ip, usual(50_000 + i), () => time.advance(30_000)));
      time.advance(DAY / (48 * 3) - 30_000);
    }
    expect(answers).toEqual(answers.map(() => []));
  }, 120_000);

  it("is forgotten by housekeeping once no decision reads it: the guard's counts and spent challenges", async () => {
    const em = () => t.app.orm.em.fork();
    for (let i = 0; i < 3; i++) await registerFrom(t.url, `203.0.113.${i}`, signupTo(usPhone('213', i)));
    const challenged = signupTo(usPhone('213', 3), { captcha: await solvedCaptcha(t.url) });
    expect((await registerFrom(t.url, '203.0.113.3', challenged)).errors).toEqual([]);
    expect(await em().count(SmsGuardCount, {})).toBeGreaterThan(0);
    expect(await em().count(SpentChallenge, {})).toBe(1);
    time.advance(16 * DAY);
    expect((await t.app.housekeeping.run())?.smsGuardRows).toBeGreaterThan(0);
    expect(await em().count(SmsGuardCount, {})).toBe(0);
    expect(await em().count(SpentChallenge, {})).toBe(0);
  });
});

describe('SMS_DAILY_BUDGET, reached', () => {
  // A UK text costs 0.046 in the default table: the second code starts below 0.05, the third does not.
  const { t, time } = guardedApp({ SMS_DAILY_BUDGET: '0.05' });

  it('sends no code to an unverified number, and a verified owner still gets a reset code', async () => {
    const owner = signupTo(gbPhone('7100', 1));
    expect(await realPerson(t.url, t.app, '192.0.2.1', owner)).toEqual([]);
    const ownerEmail = owner.email;
    const second = signupTo(gbPhone('7200', 1));
    expect((await registerFrom(t.url, '192.0.2.2', second)).errors).toEqual([]);
    const third = await registerFrom(t.url, '192.0.2.3', signupTo(gbPhone('7300', 1)));
    expect(third.errors).toEqual([expect.objectContaining({ code: 'SMS_BLOCKED', message: SMS_BLOCKED_MESSAGE })]);
    expect(await latestCode(t.app, gbPhone('7300', 1))).toBeUndefined();
    // Even with a solved challenge: there is none for money.
    const solved = await registerFrom(
      t.url,
      '192.0.2.4',
      signupTo(gbPhone('7301', 1), { captcha: await solvedCaptcha(t.url) }),
    );
    expect(solved.errors.map((error) => error.code)).toEqual(['SMS_BLOCKED']);

    time.advance(31_000);
    // A number its owner verified before is always allowed, whoever signs up with it.
    expect((await registerFrom(t.url, '192.0.2.5', signupTo(owner.phoneNumber))).errors).toEqual([]);
    await postGraphQL(t.url, ResendCodeDocument, { input: { email: second.email } });
    await t.app.settled();
    expect(await t.app.outbox!.list(second.phoneNumber)).toHaveLength(1);

    const outboxBefore = (await t.app.outbox!.list(owner.phoneNumber)).length;
    await postGraphQL(t.url, RequestPasswordResetDocument, { input: { email: ownerEmail } });
    await t.app.settled();
    expect(await t.app.outbox!.list(owner.phoneNumber)).toHaveLength(outboxBefore + 1);
    const reset = await postGraphQL(t.url, ResetPasswordDocument, {
      input: {
        email: ownerEmail,
        code: (await latestCode(t.app, owner.phoneNumber))!,
        newPassword: 'another horse battery',
      },
    });
    expect(reset.data.resetPassword.errors).toEqual([]);
  });
});

describe('FRAUD_GUARD=monitor', () => {
  const { t } = guardedApp({ FRAUD_GUARD: 'monitor', METRICS_PORT: '0' });

  it('refuses nothing, and counts every decision it would have made', async () => {
    const answers: string[][] = [];
    for (let i = 0; i < 40; i++)
      answers.push((await registerFrom(t.url, botIp(i), signupTo(bot(i)))).errors.map((error) => error.code));
    expect(answers).toEqual(answers.map(() => []));
    expect(await textsToPrefix(t.app, ATTACKED)).toBe(40);

    const scrape = await (await fetch(t.metricsUrl!)).text();
    const decisions = [...scrape.matchAll(/^sms_guard_decisions_total\{decision="(\w+)",reason="([\w-]+)"\} (\d+)$/gm)];
    const byDecision = (decision: string) =>
      decisions.filter((m) => m[1] === decision).reduce((sum, m) => sum + Number(m[3]), 0);
    expect(byDecision('allowed') + byDecision('challenged') + byDecision('blocked')).toBe(40);
    expect(byDecision('challenged')).toBeGreaterThan(0);
    expect(byDecision('blocked')).toBeGreaterThan(0);
    expect(scrape).toMatch(/^sms_spend_total\{currency="USD"\} [\d.]+$/m);
    expect(scrape).toMatch(/^verification_conversion_ratio\{country="GB"\} 0$/m);
  });
});

describe('two instances on one database', () => {
  const time = fakeClock(START);
  let database: TestDatabase;
  let apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await database?.drop();
  });

  it('share the guard: an attack split across them gets no more codes than against one', async () => {
    database = await createTestDatabase();
    const env = { ...GUARD_ON, DATABASE_URL: database.url };
    apps = await Promise.all([0, 1].map(() => startTestApp(env, { clock: time.clock, altchaWork: QUICK_ALTCHA })));
    const [a, b] = apps;
    const attack = async (block: string, on: (i: number) => TestApp[]) => {
      for (let i = 0; i < 100;) {
        const at = on(i);
        await Promise.all(at.map((app, k) => registerFrom(app.url, botIp(i + k), signupTo(gbPhone(block, i + k)))));
        i += at.length;
        time.advance(30_000 * at.length);
      }
      return textsToPrefix(a.app, `+44${block.slice(0, 3)}`);
    };
    // One at a time against one instance; two at once, one on each, when split.
    const began = time.clock().getTime();
    const againstOne = await attack('7960', () => [a]);
    // The same minutes of the next day: the hour's window slides over the same share of the last.
    time.advance(began + DAY - time.clock().getTime());
    const split = await attack('7970', () => [a, b]);
    expect(againstOne).toBeGreaterThan(0);
    expect(againstOne).toBeLessThanOrEqual(30);
    expect(split).toBeLessThanOrEqual(againstOne);
  }, 60_000);
});

describe('phone changes and resets under the guard', () => {
  const { t, time } = guardedApp({ METRICS_PORT: '0' });

  it('challenges a change to a number in a prefix near its budget, and counts codes entered on a change and a reset', async () => {
    const owner = signupTo(usPhone('415', 1));
    expect(await realPerson(t.url, t.app, '192.0.2.1', owner)).toEqual([]);
    const login = await t.registerVerified({ phoneNumber: usPhone('415', 2), countryCode: null });
    for (let i = 0; i < 3; i++) await registerFrom(t.url, `203.0.113.${i}`, signupTo(frPhone(i)));
    const start = async (phoneNumber: string, captcha?: string) =>
      (
        await t.execute(
          StartPhoneChangeDocument,
          { input: { password: login.input.password, phoneNumber, captcha } },
          { token: login.token },
        )
      ).startPhoneChange;
    expect((await start(frPhone(10))).errors.map((error) => error.code)).toEqual(['CAPTCHA_REQUIRED']);
    const nothing = await t.execute(ConfirmPhoneChangeDocument, { input: { code: '123456' } }, { token: login.token });
    expect(nothing.confirmPhoneChange.errors.map((error) => error.code)).toEqual(['CODE_EXPIRED']);

    time.advance(31_000);
    expect((await start(frPhone(10), await solvedCaptcha(t.url))).errors).toEqual([]);
    const code = (await latestCode(t.app, frPhone(10)))!;
    const confirmed = await t.execute(ConfirmPhoneChangeDocument, { input: { code } }, { token: login.token });
    expect(confirmed.confirmPhoneChange.errors).toEqual([]);

    await postGraphQL(t.url, RequestPasswordResetDocument, { input: { email: owner.email } });
    await t.app.settled();
    const reset = await postGraphQL(t.url, ResetPasswordDocument, {
      input: {
        email: owner.email,
        code: (await latestCode(t.app, owner.phoneNumber))!,
        newPassword: 'another horse battery',
      },
    });
    expect(reset.data.resetPassword.errors).toEqual([]);

    const scrape = await (await fetch(t.metricsUrl!)).text();
    // France: four codes out, one entered (the change's); the US: three out (two signups, the owner's reset), all entered.
    expect(scrape).toMatch(/^verification_conversion_ratio\{country="FR"\} 0\.25$/m);
    expect(scrape).toMatch(/^verification_conversion_ratio\{country="US"\} 1$/m);
    expect(scrape).toMatch(/^sms_guard_decisions_total\{decision="allowed",reason="verified-before"\} 1$/m);
  });

  it('lets test numbers through, counted nowhere', async () => {
    const numbers = Array.from({ length: 8 }, (_, i) => `+1555555010${i}`);
    const app = await startTestApp(
      { ...GUARD_ON, TEST_PHONE_NUMBERS: numbers.map((n) => `${n}=123456`).join(',') },
      { altchaWork: QUICK_ALTCHA },
    );
    try {
      for (const [i, phone] of numbers.entries())
        expect((await registerFrom(app.url, `203.0.113.${i}`, signupTo(phone))).errors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe.each(['twilio-verify', 'authy'] as const)('the guard in front of %s', (provider) => {
  const rig = useRig(provider, 'outbox', { env: GUARD_ON, overrides: { altchaWork: QUICK_ALTCHA } });
  const reached = (phone: string) =>
    provider === 'authy'
      ? rig.authy.users.some((user) => `+${user.countryCode}${user.cellphone}` === phone)
      : rig.twilio.verify.latest(phone) !== undefined;

  it('asks the provider for no code the guard holds back, and for one with a solved challenge', async () => {
    const prefix = (i: number) => usPhone('303', i);
    for (let i = 0; i < 3; i++) await registerFrom(rig.t.url, `203.0.113.${i}`, signupTo(prefix(i)));
    const held = signupTo(prefix(3));
    expect((await registerFrom(rig.t.url, '203.0.113.3', held)).errors.map((error) => error.code)).toEqual([
      'CAPTCHA_REQUIRED',
    ]);
    expect(reached(held.phoneNumber)).toBe(false);
    const captcha = await solvedCaptcha(rig.t.url);
    expect((await registerFrom(rig.t.url, '203.0.113.3', { ...held, captcha })).errors).toEqual([]);
    expect(reached(held.phoneNumber)).toBe(true);
  });
});
