import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfirmPhoneChangeDocument,
  RegisterUserDocument,
  RequestPasswordResetDocument,
  ResendCodeDocument,
  ResetPasswordDocument,
  StartPhoneChangeDocument,
  VerifyUserDocument,
} from '../client/generated/graphql';
import { TEST_NUMBER_GUESSES } from '../src/abuse/throttle';
import { fakeClock } from './support/clock';
import { captureLogs } from './support/log-capture';
import { errorCodes } from './support/outcomes';
import { startRig, type ProviderName, type Rig } from './support/rig';
import { useTestDatabases } from './support/database';
import { aPerson, startTestApp, useTestApp, type TestApp } from './support/test-app';

const TEST_NUMBERS = '+15555550100=123456,+14155552698=654321;until=2027-03-01';
const PRODUCTION = { NODE_ENV: 'production', APP_SECRET: 'kR3v9QxZ2mW7pL0sT5yB8nH4jF6dG1aC-x_Ue' };

describe.each(['local', 'twilio-verify', 'authy'] as ProviderName[])(
  'test phone numbers with the %s provider, in production',
  (provider) => {
    const rigs: Rig[] = [];
    afterAll(() => Promise.all(rigs.map((rig) => rig.close())));
    const start = async (options: { start?: Date; env?: Record<string, string> } = {}) => {
      const time = fakeClock(options.start);
      const logs = captureLogs();
      const rig = await startRig(provider, 'twilio', {
        env: { ...PRODUCTION, TEST_PHONE_NUMBERS: TEST_NUMBERS, ...options.env },
        overrides: { clock: time.clock, logger: logs.logger },
      });
      rigs.push(rig);
      return { rig, time, logs };
    };
    const register = (rig: Rig, phoneNumber: string) =>
      rig.t.execute(RegisterUserDocument, { input: { ...aPerson(), countryCode: '1', phoneNumber } });

    it('take their fixed code, reach neither Twilio nor Authy, and get no confirmation', async () => {
      const { rig, logs } = await start();
      // A fictional +1 555 number: no real number could take its place.
      const { registerUser } = await register(rig, '555 555 0100');
      expect(registerUser.errors).toEqual([]);
      expect(registerUser.user?.phoneNumber).toBe('+15555550100');
      const { verifyUser } = await rig.t.execute(VerifyUserDocument, {
        input: { email: registerUser.user!.email, code: '123456' },
      });
      expect(errorCodes(verifyUser)).toEqual([]);
      await rig.t.app.smsQueue.deliverDue();
      expect(rig.twilio.requests).toEqual([]);
      expect(rig.authy.requests).toEqual([]);
      // Each start names them, masked, so nobody forgets they are on.
      const warning = logs.lines.find((line) => line.includes('TEST_PHONE_NUMBERS'))!;
      expect(JSON.parse(warning)).toMatchObject({
        level: 40,
        numbers: ['+15*******00', '+14*******98'],
        until: '2027-03-01',
      });
    });

    it('skip the per-phone limits, but keep the attempt limit and the code lifetime', async () => {
      const { rig, time } = await start();
      // More signups for one number in a minute than its cooldown (1/30 s) and hourly limit (5) allow.
      const people = [];
      for (let i = 0; i < 6; i++) {
        const { registerUser } = await register(rig, '555 555 0100');
        expect(registerUser.errors).toEqual([]);
        people.push(registerUser.user!.email);
      }
      for (let i = 0; i < 4; i++)
        expect(
          errorCodes(
            (await rig.t.execute(VerifyUserDocument, { input: { email: people[0], code: '000000' } })).verifyUser,
          ),
        ).toEqual(['INVALID_CODE']);
      const fifth = (await rig.t.execute(VerifyUserDocument, { input: { email: people[0], code: '000000' } }))
        .verifyUser;
      expect(errorCodes(fifth)).toEqual(['TOO_MANY_ATTEMPTS']);
      expect(fifth.verification?.attemptsLeft).toBe(0);
      time.advance(10 * 60_000);
      expect(
        errorCodes(
          (await rig.t.execute(VerifyUserDocument, { input: { email: people[1], code: '123456' } })).verifyUser,
        ),
      ).toEqual(['CODE_EXPIRED']);
      expect(rig.twilio.requests).toEqual([]);
      expect(rig.authy.requests).toEqual([]);
    });

    it('are ordinary numbers again after their until date', async () => {
      const { rig } = await start({ start: new Date('2027-03-01T00:00:00Z') });
      expect(errorCodes((await register(rig, '555 555 0100')).registerUser)).toEqual(['INVALID_INPUT']);
      // A real number that was a test number now gets a real code through the provider.
      const { registerUser } = await register(rig, '415 555 2698');
      expect(registerUser.errors).toEqual([]);
      const { verifyUser } = await rig.t.execute(VerifyUserDocument, {
        input: { email: registerUser.user!.email, code: '654321' },
      });
      expect(errorCodes(verifyUser)).toEqual(['INVALID_CODE']);
      expect(rig.twilio.requests.length + rig.authy.requests.length).toBeGreaterThan(0);
    });
  },
);

describe('test phone numbers in development', () => {
  let rig: Rig;
  afterAll(() => rig?.close());

  it('still leave their texts in the outbox', async () => {
    rig = await startRig('twilio-verify', 'outbox', { env: { TEST_PHONE_NUMBERS: TEST_NUMBERS } });
    const { registerUser } = await rig.t.execute(RegisterUserDocument, {
      input: { ...aPerson(), countryCode: '1', phoneNumber: '5555550100' },
    });
    expect(registerUser.errors).toEqual([]);
    expect((await rig.t.app.outbox!.list('+15555550100')).map((message) => message.body)).toEqual([
      'Your verification code is 123456. It expires in 10 minutes.',
    ]);
    expect(rig.twilio.requests).toEqual([]);
  });
});

describe('a fictional test number in every flow that sends it a code', () => {
  const t = useTestApp({ TEST_PHONE_NUMBERS: TEST_NUMBERS });
  const texts = async () => (await t.messagesTo('+15555550100')).length;

  it('gets a resent code, a reset code, and a change of number to it', async () => {
    const { registerUser } = await t.execute(RegisterUserDocument, {
      input: { ...aPerson(), countryCode: '1', phoneNumber: '555 555 0100' },
    });
    expect(registerUser.errors).toEqual([]);
    const email = registerUser.user!.email;
    expect(await texts()).toBe(1);

    const { resendCode } = await t.execute(ResendCodeDocument, { input: { email } });
    expect(resendCode.errors).toEqual([]);
    expect(await texts()).toBe(2);
    const { verifyUser } = await t.execute(VerifyUserDocument, { input: { email, code: '123456' } });
    expect(errorCodes(verifyUser)).toEqual([]);

    const before = await texts();
    expect(
      errorCodes((await t.execute(RequestPasswordResetDocument, { input: { email } })).requestPasswordReset),
    ).toEqual([]);
    expect(await texts()).toBe(before + 1);
    const { resetPassword } = await t.execute(ResetPasswordDocument, {
      input: { email, code: '123456', newPassword: 'a brand new passphrase' },
    });
    expect(errorCodes(resetPassword)).toEqual([]);

    // And a verified account moves to a fictional test number with its fixed code.
    const other = await t.registerVerified();
    const { startPhoneChange } = await t.execute(
      StartPhoneChangeDocument,
      { input: { password: other.input.password, phoneNumber: '+15555550100' } },
      { token: other.token },
    );
    expect(errorCodes(startPhoneChange)).toEqual([]);
    const { confirmPhoneChange } = await t.execute(
      ConfirmPhoneChangeDocument,
      { input: { code: '123456' } },
      { token: other.token },
    );
    expect(errorCodes(confirmPhoneChange)).toEqual([]);
    expect(confirmPhoneChange.user?.phoneNumber).toBe('+15555550100');
  });
});

describe('a test number guessed at, on two instances sharing a database', () => {
  // A real-looking number: resendCode sends to it again.
  const TARGET = { countryCode: '1', phoneNumber: '415 555 2698' };
  const { max } = TEST_NUMBER_GUESSES;
  const newDatabase = useTestDatabases();
  const apps: TestApp[] = [];
  afterAll(() => Promise.all(apps.map((t) => t.close())));

  const startInstances = async (count = 2) => {
    const database = await newDatabase();
    const time = fakeClock();
    const start = async (testNumbers = TEST_NUMBERS) => {
      const t = await startTestApp({ DATABASE_URL: database, TEST_PHONE_NUMBERS: testNumbers }, { clock: time.clock });
      apps.push(t);
      return t;
    };
    const instances: TestApp[] = [];
    for (let i = 0; i < count; i++) instances.push(await start());
    return { instances, time, start };
  };
  // Every call comes from an address of its own (TestApp.execute), as from an attacker's many /64s.
  const register = async (t: TestApp, phone = TARGET) => {
    const { registerUser } = await t.execute(RegisterUserDocument, { input: { ...aPerson(), ...phone } });
    expect(registerUser.errors).toEqual([]);
    return registerUser.user!.email;
  };
  const verify = async (t: TestApp, email: string, code: string) => {
    const { verifyUser } = await t.execute(VerifyUserDocument, { input: { email, code } });
    return verifyUser;
  };
  const wrongCode = (i: number) => String(100_000 + i);
  /** Signs people up on TARGET and guesses until it is locked; the right code (654321) is never tried. */
  const lockTarget = async (instances: TestApp[]) => {
    const emails: string[] = [];
    for (let i = 0; i <= max; i++) {
      if (i % 4 === 0) emails.push(await register(instances[i % instances.length]));
      await verify(instances[i % instances.length], emails.at(-1)!, wrongCode(i));
    }
  };

  it('locks it after TEST_NUMBER_GUESSES wrong codes across signups, resends and instances', async () => {
    const { instances } = await startInstances();
    const [a, b] = instances;
    const emails: string[] = [];
    for (let i = 0; i < max / 2; i++) emails.push(await register(i % 2 ? b : a));
    const answers = async () => {
      const codes = [];
      for (const [i, email] of emails.entries())
        for (const j of [0, 1]) codes.push(errorCodes(await verify(j ? b : a, email, wrongCode(2 * i + j))));
      return codes;
    };
    expect(await answers()).toEqual(Array(max).fill(['INVALID_CODE']));
    // Fresh codes, each with fresh tries of its own: the number's count goes on.
    for (const [i, email] of emails.entries())
      expect((await (i % 2 ? a : b).execute(ResendCodeDocument, { input: { email } })).resendCode.errors).toEqual([]);
    await Promise.all([a.app.settled(), b.app.settled()]);
    expect(await answers()).toEqual(Array(max).fill(['TOO_MANY_ATTEMPTS']));

    // The right code opens nothing now, and is answered exactly as a wrong one.
    const right = await verify(a, emails[0], '654321');
    expect(errorCodes(right)).toEqual(['TOO_MANY_ATTEMPTS']);
    expect(right.session).toBeNull();
    expect(right).toEqual(await verify(b, emails[0], wrongCode(99)));
    expect(right.errors[0].message).toBe('Too many wrong codes for this number. It is locked for up to a day.');
    expect(right.verification?.attemptsLeft).toBe(0);
    expect(errorCodes(await verify(b, await register(b), '654321'))).toEqual(['TOO_MANY_ATTEMPTS']);
  });

  it('lets no more than TEST_NUMBER_GUESSES of many concurrent guesses be compared', async () => {
    const { instances } = await startInstances();
    const emails = [];
    for (let i = 0; i < max; i++) emails.push(await register(instances[i % 2]));
    const guesses = emails.flatMap((email, i) =>
      [0, 1, 2].map((j) => verify(instances[(i + j) % 2], email, wrongCode(3 * i + j))),
    );
    const codes = (await Promise.all(guesses)).map((answer) => errorCodes(answer).join());
    expect(codes.filter((code) => code === 'INVALID_CODE')).toHaveLength(max);
    expect(codes.filter((code) => code === 'TOO_MANY_ATTEMPTS')).toHaveLength(2 * max);
    expect(errorCodes(await verify(instances[0], emails[0], '654321'))).toEqual(['TOO_MANY_ATTEMPTS']);
  });

  it('leaves other test numbers and ordinary numbers alone', async () => {
    const { instances } = await startInstances();
    const [a, b] = instances;
    await lockTarget(instances);
    expect(errorCodes(await verify(a, await register(a), '654321'))).toEqual(['TOO_MANY_ATTEMPTS']);

    const other = { countryCode: '1', phoneNumber: '555 555 0100' };
    const reviewer = await register(b, other);
    expect(errorCodes(await verify(a, reviewer, '000000'))).toEqual(['INVALID_CODE']);
    expect(errorCodes(await verify(b, reviewer, '123456'))).toEqual([]);
    const person = aPerson();
    await a.execute(RegisterUserDocument, { input: person });
    const phone = `+1${person.phoneNumber}`;
    expect(errorCodes(await verify(b, person.email, '000000'))).toEqual(['INVALID_CODE']);
    expect(errorCodes(await verify(b, person.email, await a.handset.latestCode(phone)))).toEqual([]);
  });

  it('unlocks it when its code changes, or a day after the first wrong code counted', async () => {
    const { instances, time, start } = await startInstances();
    await lockTarget(instances);
    const changed = await start('+15555550100=123456,+14155552698=111111;until=2027-03-01');
    expect(errorCodes(await verify(changed, await register(changed), '111111'))).toEqual([]);
    expect(errorCodes(await verify(instances[0], await register(instances[0]), '654321'))).toEqual([
      'TOO_MANY_ATTEMPTS',
    ]);
    time.advance(TEST_NUMBER_GUESSES.windowMs - 1000);
    expect(errorCodes(await verify(instances[1], await register(instances[1]), '654321'))).toEqual([
      'TOO_MANY_ATTEMPTS',
    ]);
    time.advance(1000);
    expect(errorCodes(await verify(instances[1], await register(instances[1]), '654321'))).toEqual([]);
  });
});
