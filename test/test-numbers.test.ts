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
import { fakeClock } from './support/clock';
import { captureLogs } from './support/log-capture';
import { errorCodes } from './support/outcomes';
import { startRig, type ProviderName, type Rig } from './support/rig';
import { aPerson, useTestApp } from './support/test-app';

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
