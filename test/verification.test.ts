import { describe, expect, it, vi } from 'vitest';
import { MeDocument, RegisterUserDocument, ResendCodeDocument, VerifyUserDocument } from '../client/generated/graphql';
import { EMAIL_RULE_MESSAGE } from '../src/users/email';
import { User } from '../src/users/user.entity';
import { UserStore } from '../src/users/user.store';
import { SessionCookies } from '../src/sessions/session-cookie';
import { Session } from '../src/sessions/session.entity';
import { QueuedSms } from '../src/sms/queue/queued-sms.entity';
import { VerificationCode } from '../src/verification/local/verification-code.entity';
import { fakeClock } from './support/clock';
import { useTestDatabases } from './support/database';
import { refuseInserts } from './support/database-faults';
import { FaultySms } from './support/faulty-sms';
import { aPerson, startTestApp, TEST_SECRET, useTestApp } from './support/test-app';
import { errorCodes } from './support/outcomes';

describe('verifyUser and resendCode with the local provider', () => {
  const time = fakeClock();
  const sms = new FaultySms();
  const t = useTestApp({}, { clock: time.clock, wrapSms: sms.wrap });

  const verify = async (email: string, code: string) =>
    (await t.execute(VerifyUserDocument, { input: { email, code } })).verifyUser;
  const resend = async (email: string) => (await t.execute(ResendCodeDocument, { input: { email } })).resendCode;
  const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('signs the user in and texts the confirmation once the right code comes back', async () => {
    const { input, user } = await t.register();
    const result = await verify(input.email, await t.latestCode(user.phoneNumber));
    expect(errorCodes(result)).toEqual([]);
    expect(result.user).toMatchObject({ id: user.id, verified: true });
    expect((await t.execute(MeDocument, {}, { token: result.session!.token })).me?.id).toBe(user.id);
    expect(await t.messagesTo(user.phoneNumber)).toEqual([
      'You did it! Signup complete :)',
      expect.stringMatching(/code is \d{6}/),
    ]);
  });

  it('keeps codes only as keyed hashes', async () => {
    const { user } = await t.register();
    const code = await t.latestCode(user.phoneNumber);
    const stored = await t.app.orm.em.fork().findOneOrFail(VerificationCode, { user: user.id });
    expect(stored.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.codeHash).not.toContain(code);
    const { createHash, createHmac } = await import('node:crypto');
    expect(stored.codeHash).not.toBe(createHash('sha256').update(code).digest('hex'));
    expect(stored.codeHash).toBe(createHmac('sha256', TEST_SECRET).update(`${user.id}:${code}`).digest('hex'));
  });

  it('refuses a code after its 10 minutes', async () => {
    const { input, user } = await t.register();
    const code = await t.latestCode(user.phoneNumber);
    time.advance(10 * 60_000);
    expect(errorCodes(await verify(input.email, code))).toEqual(['CODE_EXPIRED']);
    expect(await isVerified(user.id)).toBe(false);
  });

  it('accepts a code just inside its lifetime', async () => {
    const { input, user } = await t.register();
    const code = await t.latestCode(user.phoneNumber);
    time.advance(10 * 60_000 - 1);
    expect(errorCodes(await verify(input.email, code))).toEqual([]);
  });

  it('kills a code after 5 wrong tries, even for the right code, until a new one is sent', async () => {
    const { input, user } = await t.register();
    const code = await t.latestCode(user.phoneNumber);
    for (let attempt = 1; attempt <= 4; attempt++)
      expect(errorCodes(await verify(input.email, wrongCode(code)))).toEqual(['INVALID_CODE']);
    expect(errorCodes(await verify(input.email, wrongCode(code)))).toEqual(['TOO_MANY_ATTEMPTS']);
    expect(errorCodes(await verify(input.email, code))).toEqual(['TOO_MANY_ATTEMPTS']);
    expect(await isVerified(user.id)).toBe(false);

    time.advance(30_000);
    expect(errorCodes(await resend(input.email))).toEqual([]);
    expect(errorCodes(await verify(input.email, await t.latestCode(user.phoneNumber)))).toEqual([]);
  });

  it('uses a code once: a second try finds the account verified, and opens no second session', async () => {
    const { input, user } = await t.register();
    const code = await t.latestCode(user.phoneNumber);
    expect(errorCodes(await verify(input.email, code))).toEqual([]);
    expect(errorCodes(await verify(input.email, code))).toEqual(['ALREADY_VERIFIED']);
    expect(await t.app.orm.em.fork().count(Session, { user: user.id })).toBe(1);
  });

  it('lets exactly one of several concurrent right-code checks sign in and confirm', async () => {
    const { input, user } = await t.register();
    const code = await t.latestCode(user.phoneNumber);
    const results = await Promise.all(Array.from({ length: 20 }, () => verify(input.email, code)));
    expect(results.filter((r) => r.session !== null)).toHaveLength(1);
    expect(await t.app.orm.em.fork().count(Session, { user: user.id })).toBe(1);
    expect((await t.messagesTo(user.phoneNumber)).filter((body) => body.includes('Signup complete'))).toHaveLength(1);
  });

  it('resends a fresh code that works, and the old one stops working', async () => {
    const { input, user } = await t.register();
    const first = await t.latestCode(user.phoneNumber);
    time.advance(30_000);
    const result = await resend(input.email);
    expect(result).toMatchObject({ message: 'Verification code re-sent', errors: [] });
    const second = await t.latestCode(user.phoneNumber);
    expect(await t.messagesTo(user.phoneNumber)).toHaveLength(2);
    // The first code is closed whatever its digits; only a one-in-a-million repeat could still match.
    const rows = await t.app.orm.em.fork().find(VerificationCode, { user: user.id }, { orderBy: { id: 'asc' } });
    expect(rows.map((row) => row.closedAt === null)).toEqual([false, true]);
    if (first !== second) expect(errorCodes(await verify(input.email, first))).toEqual(['INVALID_CODE']);
    expect(errorCodes(await verify(input.email, second))).toEqual([]);
  });

  it('keeps the previous code working when a resend cannot be delivered', async () => {
    const { input, user } = await t.register();
    const code = await t.latestCode(user.phoneNumber);
    time.advance(30_000);
    sms.failNext('unavailable');
    // resendCode answers alike whatever happens to the account (see the enumeration tests).
    expect(errorCodes(await resend(input.email))).toEqual([]);
    expect(await t.messagesTo(user.phoneNumber)).toHaveLength(1);
    expect(errorCodes(await verify(input.email, code))).toEqual([]);
  });

  it('sends nothing on resend for unknown and verified accounts, and verify names the unknown', async () => {
    expect(errorCodes(await resend('nobody@example.com'))).toEqual([]);
    expect(errorCodes(await verify('nobody@example.com', '123456'))).toEqual(['USER_NOT_FOUND']);
    const { input, user } = await t.registerVerified();
    time.advance(30_000);
    const before = await t.messagesTo(user.phoneNumber);
    expect(errorCodes(await resend(input.email))).toEqual([]);
    expect(await t.messagesTo(user.phoneNumber)).toEqual(before);
    expect(errorCodes(await verify(input.email, '123456'))).toEqual(['ALREADY_VERIFIED']);
  });

  it('refuses a malformed email as invalid input on the email, as registerUser does, without looking it up', async () => {
    const lookups = vi.spyOn(UserStore.prototype, 'findByEmail');
    const result = await verify('not an email', '123456');
    expect(result.errors).toEqual([
      { code: 'INVALID_INPUT', field: 'email', message: EMAIL_RULE_MESSAGE, retryAfter: null },
    ]);
    expect(result.user).toBeNull();
    expect(lookups).not.toHaveBeenCalled();
    lookups.mockRestore();
  });

  it('rejects a code that is not digits without counting it as a try', async () => {
    const { input, user } = await t.register();
    const result = await verify(input.email, '12ab56');
    expect(result.errors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: 'code' })]);
    const stored = await t.app.orm.em.fork().findOneOrFail(VerificationCode, { user: user.id });
    expect(stored.failedAttempts).toBe(0);
  });

  it('keeps nobody when the code cannot be sent, so the email is free for a retry', async () => {
    const person = aPerson();
    sms.failNext('unavailable');
    const failed = (await t.execute(RegisterUserDocument, { input: person })).registerUser;
    expect(failed.user).toBeNull();
    expect(errorCodes(failed)).toEqual(['DELIVERY_FAILED']);
    expect(await t.app.orm.em.fork().count(User, { email: person.email })).toBe(0);
    expect(await t.app.orm.em.fork().count(VerificationCode, { user: { email: person.email } })).toBe(0);

    time.advance(30_000);
    const retry = (await t.execute(RegisterUserDocument, { input: person })).registerUser;
    expect(errorCodes(retry)).toEqual([]);
  });

  it('reports a number the SMS provider refuses on the phoneNumber field', async () => {
    const person = aPerson();
    sms.failNext('invalid-number');
    const failed = (await t.execute(RegisterUserDocument, { input: person })).registerUser;
    expect(failed.errors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: 'phoneNumber' })]);
    expect(await t.app.orm.em.fork().count(User, { email: person.email })).toBe(0);
  });

  it('keeps the verification when the confirmation SMS fails', async () => {
    const { input, user } = await t.register();
    const code = await t.latestCode(user.phoneNumber);
    sms.failNext('unavailable');
    const result = await verify(input.email, code);
    expect(errorCodes(result)).toEqual([]);
    expect((await t.execute(MeDocument, {}, { token: result.session!.token })).me?.id).toBe(user.id);
    expect(await isVerified(user.id)).toBe(true);
  });

  it('commits a verification whole or not at all: a failure part-way leaves no verified account, session, confirmation or spent code', async () => {
    const { input, user } = await t.register();
    const code = await t.latestCode(user.phoneNumber);
    const em = t.app.orm.em.fork();
    // The session is the last write of a verification; make the database refuse it.
    const allowInserts = await refuseInserts(t.app.database.db, 'sessions');
    try {
      const response = await t.app.apollo.executeOperation(
        { query: VerifyUserDocument, variables: { input: { email: input.email, code } } },
        {
          contextValue: await t.app.createContext({
            requestId: 'r',
            ip: '192.0.2.9',
            cookies: new SessionCookies(false),
          }),
        },
      );
      expect(response.body.kind === 'single' && response.body.singleResult.errors?.[0]?.message).toBe(
        'Internal server error',
      );
    } finally {
      await allowInserts();
    }
    expect(await isVerified(user.id)).toBe(false);
    expect(await em.count(QueuedSms, { to: user.phoneNumber })).toBe(0);
    expect(await em.count(Session, { user: user.id })).toBe(0);
    await t.app.settled();
    expect(await t.messagesTo(user.phoneNumber)).toEqual([expect.stringMatching(/code is \d{6}/)]);
    // The code is spent in the same transaction, so it was not spent either: trying again works.
    expect(errorCodes(await verify(input.email, code))).toEqual([]);
  });

  async function isVerified(id: string): Promise<boolean> {
    return (await t.app.orm.em.fork().findOneOrFail(User, id)).verified;
  }
});

describe('concurrent resends', () => {
  const t = useTestApp({ RATE_LIMIT_CODE_COOLDOWN: 'off', RATE_LIMIT_CODES: 'off' });

  it('leave a code that works: a send closes only the codes made before its own', async () => {
    const accounts = await Promise.all(Array.from({ length: 10 }, () => t.register()));
    await Promise.all(
      accounts.flatMap(({ input }) =>
        [0, 1].map(() => t.execute(ResendCodeDocument, { input: { email: input.email } })),
      ),
    );
    for (const { input, user } of accounts) {
      const received = (await t.messagesTo(user.phoneNumber)).map((body) => /\b(\d{6})\b/.exec(body)![1]);
      expect(received).toHaveLength(3);
      // The person tries what reached the phone, newest first; the newest code made is among it and works.
      const outcomes: string[][] = [];
      for (const code of received) {
        const { verifyUser } = await t.execute(VerifyUserDocument, { input: { email: input.email, code } });
        outcomes.push(errorCodes(verifyUser));
        if (outcomes.at(-1)!.length === 0) break;
      }
      expect(outcomes.at(-1)).toEqual([]);
    }
  });
});

describe('resends under a narrower SMS policy', () => {
  const newDatabase = useTestDatabases();

  it('send no code to a stored number the policy now refuses', async () => {
    const env = { DATABASE_URL: await newDatabase() };
    const time = fakeClock();
    const before = await startTestApp(env, { clock: time.clock });
    const { input, user } = await before.register();
    await before.close();

    const after = await startTestApp({ ...env, SMS_ALLOWED_COUNTRIES: 'GB' }, { clock: time.clock });
    try {
      time.advance(30_000);
      expect(
        errorCodes((await after.execute(ResendCodeDocument, { input: { email: input.email } })).resendCode),
      ).toEqual([]);
      expect(await after.messagesTo(user.phoneNumber)).toHaveLength(1);
    } finally {
      await after.close();
    }
  });
});
