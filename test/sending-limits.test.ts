import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ConfirmTwoStepDocument,
  EnableTwoStepDocument,
  LoginDocument,
  RegisterUserDocument,
  RequestSignInCodeDocument,
  ResendCodeDocument,
  VerifyUserDocument,
  type RegisterUserInput,
} from '../client/generated/graphql';
import { User } from '../src/users/user.entity';
import { execute } from '../src/db/dialect';
import { fakeClock } from './support/clock';
import { FaultySms } from './support/faulty-sms';
import { useTestDatabases } from './support/database';
import { postGraphQL } from './support/http-client';
import { aPerson, startTestApp, TEST_SECRET, useTestApp } from './support/test-app';
import { errorCodes } from './support/outcomes';

describe('sending limits, on by default', () => {
  const time = fakeClock();
  const t = useTestApp({}, { clock: time.clock });

  const register = async (input: RegisterUserInput, ip?: string) =>
    (await t.execute(RegisterUserDocument, { input }, { ip })).registerUser;
  const resend = async (email: string, ip?: string) =>
    (await t.execute(ResendCodeDocument, { input: { email } }, { ip })).resendCode;

  it('makes a phone wait 30 seconds between codes, and resend says how long', async () => {
    const { input, user } = await t.register();
    time.advance(10_000);
    // Too soon for the phone: nothing is sent, but the answer is the one every email gets.
    expect(errorCodes(await resend(input.email))).toEqual([]);
    expect(await t.messagesTo(user.phoneNumber)).toHaveLength(1);
    time.advance(10_000);
    const early = await resend(input.email);
    expect(early.errors).toEqual([
      expect.objectContaining({
        code: 'RATE_LIMITED',
        retryAfter: 20,
        message: 'Too many attempts. Try again in 20 seconds.',
      }),
    ]);
    time.advance(20_000);
    expect(errorCodes(await resend(input.email))).toEqual([]);
    expect(await t.messagesTo(user.phoneNumber)).toHaveLength(2);
  });

  it('sends at most 5 codes an hour to a phone, and takes at most 5 resend requests an hour per email', async () => {
    const { input, user } = await t.register();
    for (let i = 0; i < 5; i++) {
      time.advance(30_000);
      expect(errorCodes(await resend(input.email))).toEqual([]);
    }
    // The signup's code and four resends: the fifth resend was answered but not sent.
    expect(await t.messagesTo(user.phoneNumber)).toHaveLength(5);
    time.advance(30_000);
    const refused = await resend(input.email);
    expect(refused.errors).toEqual([expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 3600 - 150 })]);
  });

  it('counts codes per phone across accounts, cooldown and hourly count, and keeps nobody it refused', async () => {
    const first = await t.register();
    const samePhone = () => ({
      ...aPerson(),
      phoneNumber: first.input.phoneNumber,
      countryCode: first.input.countryCode,
    });
    const tooSoon = samePhone();
    expect((await register(tooSoon)).errors).toEqual([
      expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 30 }),
    ]);
    for (let i = 0; i < 4; i++) {
      time.advance(30_000);
      expect(errorCodes(await register(samePhone()))).toEqual([]);
    }
    time.advance(30_000);
    // Five accounts got a code for this phone in the last 150 s: the sixth waits for the first to age out.
    const overHourly = samePhone();
    expect((await register(overHourly)).errors).toEqual([
      expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 3600 - 150 }),
    ]);
    const em = t.app.orm.em.fork();
    expect(await em.count(User, { email: { $in: [tooSoon.email, overHourly.email] } })).toBe(0);
    expect(await em.count(User, { phoneNumber: first.user.phoneNumber })).toBe(5);
  });

  it("keeps a second step's codes out of what strangers can spend: sign-in codes asked for by anyone leave it whole", async () => {
    const { input, user, token } = await t.registerVerified();
    time.advance(30_000);
    const enabled = await t.execute(
      EnableTwoStepDocument,
      { input: { password: input.password, method: 'SMS' } },
      { token },
    );
    expect(enabled.enableTwoStep.errors).toEqual([]);
    const code = /\d{6}/.exec((await t.messagesTo(user.phoneNumber))[0])![0];
    expect((await t.execute(ConfirmTwoStepDocument, { input: { code } }, { token })).confirmTwoStep.errors).toEqual([]);
    // A stranger who knows the email asks for sign-in codes until the owner's number takes no more.
    for (let i = 0; i < 5; i++) {
      time.advance(31_000);
      await t.execute(RequestSignInCodeDocument, { input: { email: input.email } }, { ip: `198.51.100.${i + 1}` });
      await t.app.codeRequests.deliverDue();
    }
    time.advance(31_000);
    const before = (await t.messagesTo(user.phoneNumber)).length;
    const { login } = await t.execute(LoginDocument, { input: { email: input.email, password: input.password } });
    expect(login.errors).toEqual([]);
    expect(login.twoStep?.methods).toEqual(['SMS']);
    expect(await t.messagesTo(user.phoneNumber)).toHaveLength(before + 1);
  });

  it('limits signups per client IP', async () => {
    const ip = '198.51.100.7';
    for (let i = 0; i < 10; i++) expect(errorCodes(await register(aPerson(), ip))).toEqual([]);
    const refused = await register(aPerson(), ip);
    expect(refused.errors).toEqual([expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 3600 })]);
    expect(errorCodes(await register(aPerson(), '198.51.100.8'))).toEqual([]);
  });

  it('limits resend and verify calls per client IP, whatever the email', async () => {
    const ip = '198.51.100.9';
    for (let i = 0; i < 10; i++) expect(errorCodes(await resend(`nobody${i}@example.com`, ip))).toEqual([]);
    expect(errorCodes(await resend('nobody-else@example.com', ip))).toEqual(['RATE_LIMITED']);

    const verify = async () =>
      (await t.execute(VerifyUserDocument, { input: { email: 'x@example.com', code: '123456' } }, { ip })).verifyUser;
    for (let i = 0; i < 30; i++) expect(errorCodes(await verify())).toEqual(['USER_NOT_FOUND']);
    expect((await verify()).errors).toEqual([expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 600 })]);
  });
});

describe('per-IP limits on IPv6', () => {
  const t = useTestApp({ RATE_LIMIT_RESEND_IP: '3/1h', TRUST_PROXY: '1' });

  let emails = 0;
  const resend = async (ip: string) =>
    (await t.execute(ResendCodeDocument, { input: { email: `nobody${++emails}@example.com` } }, { ip })).resendCode;
  const resendVia = async (forwardedFor: string) => {
    const { response, data } = await postGraphQL(
      t.url,
      ResendCodeDocument,
      { input: { email: `nobody${++emails}@example.com` } },
      { 'x-forwarded-for': forwardedFor },
    );
    expect(response.status).toBe(200);
    return data.resendCode;
  };

  it('counts every address of one /64 as one client, however the address is written', async () => {
    for (const ip of ['2001:db8:a:1::1', '2001:0DB8:000a:0001:0:0:0:2', '2001:db8:a:1:ffff:ffff:ffff:ffff'])
      expect(errorCodes(await resend(ip))).toEqual([]);
    expect((await resend('2001:db8:a:1::dead:beef')).errors).toEqual([
      expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 3600 }),
    ]);
    // The neighbouring /64 is another client.
    expect(errorCodes(await resend('2001:db8:a:2::1'))).toEqual([]);
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 address, and IPv4 addresses each on their own', async () => {
    for (const ip of ['198.51.100.20', '::ffff:198.51.100.20', '::ffff:c633:6414'])
      expect(errorCodes(await resend(ip))).toEqual([]);
    expect(errorCodes(await resend('198.51.100.20'))).toEqual(['RATE_LIMITED']);
    expect(errorCodes(await resend('198.51.100.21'))).toEqual([]);
  });

  it('behind a trusted proxy, counts the forwarded addresses of one /64 together', async () => {
    for (let i = 1; i <= 3; i++) expect(errorCodes(await resendVia(`2001:db8:b:1::${i}`))).toEqual([]);
    expect(errorCodes(await resendVia('2001:db8:b:1::4'))).toEqual(['RATE_LIMITED']);
    expect(errorCodes(await resendVia('2001:db8:b:2::4'))).toEqual([]);
  });

  it('answers a forwarded value that is no address as data, counting it as a client of its own', async () => {
    for (let i = 0; i < 3; i++) expect(errorCodes(await resendVia('not-an-address'))).toEqual([]);
    expect(errorCodes(await resendVia('not-an-address'))).toEqual(['RATE_LIMITED']);
    expect(errorCodes(await resendVia('2001:db8:zz::1'))).toEqual([]);
  });
});

describe('the global SMS budget', () => {
  it('stops all code sending once the deployment-wide cap is reached', async () => {
    const t = await startTestApp({ RATE_LIMIT_SMS_GLOBAL: '3/1h' });
    try {
      for (let i = 0; i < 3; i++)
        expect(errorCodes((await t.execute(RegisterUserDocument, { input: aPerson() })).registerUser)).toEqual([]);
      const person = aPerson();
      expect(errorCodes((await t.execute(RegisterUserDocument, { input: person })).registerUser)).toEqual([
        'RATE_LIMITED',
      ]);
      expect(await t.app.orm.em.fork().count(User, { email: person.email })).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('answers resendCode RATE_LIMITED while the cap is spent, alike for every email, rather than promise a code', async () => {
    const time = fakeClock();
    const t = await startTestApp({ RATE_LIMIT_SMS_GLOBAL: '1/1h' }, { clock: time.clock });
    try {
      // The hour's one text: the signup's code.
      const person = aPerson();
      expect(errorCodes((await t.execute(RegisterUserDocument, { input: person })).registerUser)).toEqual([]);
      time.advance(60_000);
      for (const email of [person.email, 'nobody-at-all@example.com']) {
        const { resendCode } = await t.execute(ResendCodeDocument, { input: { email } });
        expect(resendCode.errors).toEqual([expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 3540 })]);
        expect(resendCode.message).toBeNull();
      }
      // Nothing was counted against the email: once the cap's hour is over, the resend goes through.
      time.advance(3540_000);
      expect(errorCodes((await t.execute(ResendCodeDocument, { input: { email: person.email } })).resendCode)).toEqual(
        [],
      );
      expect(await t.messagesTo(`+1${person.phoneNumber}`)).toHaveLength(2);
    } finally {
      await t.close();
    }
  });
});

describe('counters in the database', () => {
  it('are keyed by an HMAC under APP_SECRET, so the table does not give away the phones, emails and IPs it counts', async () => {
    const t = await startTestApp();
    try {
      const { user } = await t.register();
      const keys = (await execute<{ key: string }[]>(t.app.database.db, 'select key from rate_limit_counters')).map(
        (row) => row.key,
      );
      const subject = `phone:${user.phoneNumber}`;
      // A plain hash of a phone number is reversed by hashing every number of the country.
      expect(keys).not.toContain(`code-cooldown:${createHash('sha256').update(subject).digest('base64url')}`);
      expect(keys).toContain(`code-cooldown:${createHmac('sha256', TEST_SECRET).update(subject).digest('base64url')}`);
    } finally {
      await t.close();
    }
  });

  const newDatabase = useTestDatabases();

  it('hold across a restart and across instances sharing the database', async () => {
    const env = { DATABASE_URL: await newDatabase() };
    const time = fakeClock();
    const first = await startTestApp(env, { clock: time.clock });
    const { input } = await first.register();
    time.advance(30_000);
    expect(errorCodes((await first.execute(ResendCodeDocument, { input: { email: input.email } })).resendCode)).toEqual(
      [],
    );
    await first.close();

    const restarted = await startTestApp(env, { clock: time.clock });
    const other = await startTestApp(env, { clock: time.clock });
    try {
      time.advance(5_000);
      expect(
        (await restarted.execute(ResendCodeDocument, { input: { email: input.email } })).resendCode.errors,
      ).toEqual([expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 25 })]);
      expect(
        errorCodes((await other.execute(ResendCodeDocument, { input: { email: input.email } })).resendCode),
      ).toEqual(['RATE_LIMITED']);
    } finally {
      await restarted.close();
      await other.close();
    }
  });
});

describe('sends that did not go out', () => {
  const time = fakeClock();
  const sms = new FaultySms();
  const t = useTestApp({ RATE_LIMIT_SMS_GLOBAL: '3/1h' }, { clock: time.clock, wrapSms: sms.wrap });

  const register = async (input: RegisterUserInput) => (await t.execute(RegisterUserDocument, { input })).registerUser;

  it('count against neither the phone nor the global cap, so the signup can simply be retried', async () => {
    const person = aPerson();
    // Five failed signups for one phone in a row, more than the hourly and the global budgets hold.
    for (let i = 0; i < 5; i++) {
      sms.failNext('unavailable');
      expect(errorCodes(await register(person))).toEqual(['DELIVERY_FAILED']);
    }
    // At once, not 30 s later, and not an hour later: nothing reached the phone yet.
    expect(errorCodes(await register(person))).toEqual([]);
    expect(await t.messagesTo(`+1${person.phoneNumber}`)).toHaveLength(1);
    // The global cap (3 an hour) counted only the code that went out.
    expect(errorCodes(await register(aPerson()))).toEqual([]);
    expect(errorCodes(await register(aPerson()))).toEqual([]);
    expect(errorCodes(await register(aPerson()))).toEqual(['RATE_LIMITED']);
  });

  it('do not count on resend either', async () => {
    time.advance(3_600_000);
    const { input, user } = await t.register();
    for (let i = 0; i < 3; i++) {
      time.advance(30_000);
      sms.failNext('unavailable');
      expect(errorCodes((await t.execute(ResendCodeDocument, { input: { email: input.email } })).resendCode)).toEqual(
        [],
      );
    }
    time.advance(30_000);
    expect(errorCodes((await t.execute(ResendCodeDocument, { input: { email: input.email } })).resendCode)).toEqual([]);
    expect(await t.messagesTo(user.phoneNumber)).toHaveLength(2);
  });
});

describe('the global SMS cap', () => {
  const time = fakeClock();
  const t = useTestApp({ RATE_LIMIT_SMS_GLOBAL: '2/1h' }, { clock: time.clock });

  it('counts the confirmations too, and holds one back until the budget allows it', async () => {
    // One code and one confirmation: the cap of two an hour is reached.
    const { user } = await t.registerVerified();
    expect((await t.messagesTo(user.phoneNumber))[0]).toBe('You did it! Signup complete :)');
    expect(errorCodes((await t.execute(RegisterUserDocument, { input: aPerson() })).registerUser)).toEqual([
      'RATE_LIMITED',
    ]);

    time.advance(3_600_000);
    const { input, user: held } = await t.register();
    await t.register();
    // Both codes took this hour's budget: the confirmation waits in the queue, and is not lost.
    const { verifyUser } = await t.execute(VerifyUserDocument, {
      input: { email: input.email, code: await t.latestCode(held.phoneNumber) },
    });
    expect(errorCodes(verifyUser)).toEqual([]);
    const confirmations = async () =>
      (await t.messagesTo(held.phoneNumber)).filter((body) => body.startsWith('You did it')).length;
    expect(await confirmations()).toBe(0);
    time.advance(3_600_000);
    await t.app.smsQueue.deliverDue();
    expect(await confirmations()).toBe(1);
  });
});
