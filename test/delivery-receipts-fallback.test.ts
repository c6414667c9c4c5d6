import { describe, expect, it } from 'vitest';
import { ResendCodeDocument, VerifyUserDocument } from '../client/generated/graphql';
import { VerificationCode } from '../src/verification/local/verification-code.entity';
import { spokenBy, startTwilioFake, type TwilioFake } from './fakes/twilio.fake';
import { createTestDatabase } from './support/database';
import { TWILIO_NUMBER, useRig, type Rig } from './support/rig';
import { startTestApp, type TestApp } from './support/test-app';

const PUBLIC_URL = 'https://auth.example.test';
const FALLBACK = { PUBLIC_URL, CODE_FALLBACK: 'call' };

const callsTo = (twilio: TwilioFake, phone: string) => twilio.calls.filter((call) => call.to === phone);
const codeSpokenBy = (twiml: string) => /\d(?:, \d){5}/.exec(spokenBy(twiml)[0].text)![0].replace(/, /g, '');

function textTo(twilio: TwilioFake, phone: string) {
  const message = twilio.messages.filter((m) => m.to === phone).at(-1);
  if (!message) throw new Error(`no text went to ${phone}`);
  return message;
}

describe('CODE_FALLBACK=call', () => {
  const rig = useRig('local', 'twilio', { env: FALLBACK });
  const report = (sid: string, status: string, errorCode?: number) =>
    rig.twilio.report(sid, status, { via: rig.t.origin, errorCode });
  const verify = async (r: Rig, email: string, code: string) =>
    (await r.t.execute(VerifyUserDocument, { input: { email, code } })).verifyUser.errors.map((e) => e.code);

  it('calls with the same code within 5 s of an undelivered receipt, once, and that code verifies', async () => {
    const { input, user } = await rig.t.register();
    const texted = await rig.t.latestCode(user.phoneNumber);
    const { sid } = textTo(rig.twilio, user.phoneNumber);
    const reported = Date.now();
    expect(await report(sid, 'undelivered', 30003)).toBe(204);
    await expect.poll(() => callsTo(rig.twilio, user.phoneNumber).length, { timeout: 5_000 }).toBe(1);
    expect(Date.now() - reported).toBeLessThan(5_000);
    // The same receipt again, and a failed one after it, call no second time.
    expect([await report(sid, 'undelivered', 30003), await report(sid, 'failed', 30008)]).toEqual([204, 204]);
    const [call] = callsTo(rig.twilio, user.phoneNumber);
    expect(call.from).toBe(TWILIO_NUMBER);
    expect(codeSpokenBy(call.twiml)).toBe(texted);
    expect(await verify(rig, input.email, texted)).toEqual([]);
  });

  it('is not held back by the resend cooldown a person would meet', async () => {
    const { input, user } = await rig.t.register();
    const { resendCode } = await rig.t.execute(ResendCodeDocument, { input: { email: input.email } });
    // Asked again at once, the person is told when the next code may go; no second text went.
    expect(Date.parse(resendCode.verification!.resendAvailableAt!)).toBeGreaterThan(Date.now());
    expect(rig.twilio.messages.filter((m) => m.to === user.phoneNumber)).toHaveLength(1);
    await report(textTo(rig.twilio, user.phoneNumber).sid, 'failed', 30006);
    expect(callsTo(rig.twilio, user.phoneNumber)).toHaveLength(1);
  });

  it('calls for no text that carried no open code: a delivered one, a used one, a confirmation', async () => {
    const { input, user } = await rig.t.register();
    const code = await rig.t.latestCode(user.phoneNumber);
    const codeText = textTo(rig.twilio, user.phoneNumber).sid;
    await report(codeText, 'delivered');
    await report(codeText, 'undelivered', 30003);
    expect(await verify(rig, input.email, code)).toEqual([]);
    await rig.t.app.smsQueue.deliverDue();
    const confirmation = textTo(rig.twilio, user.phoneNumber);
    expect(confirmation.body).toBe('You did it! Signup complete :)');
    await report(confirmation.sid, 'undelivered', 30003);

    const other = await rig.t.register();
    const otherCode = await rig.t.latestCode(other.user.phoneNumber);
    expect(await verify(rig, other.input.email, otherCode)).toEqual([]);
    await report(textTo(rig.twilio, other.user.phoneNumber).sid, 'undelivered', 30003);
    expect([...callsTo(rig.twilio, user.phoneNumber), ...callsTo(rig.twilio, other.user.phoneNumber)]).toEqual([]);
  });

  it('keeps no code in clear: the one kept for the call is sealed, and gone once used', async () => {
    const { input, user } = await rig.t.register();
    const code = await rig.t.latestCode(user.phoneNumber);
    const { sid } = textTo(rig.twilio, user.phoneNumber);
    const row = async () =>
      (await rig.t.app.orm.em.fork().findOneOrFail(VerificationCode, { messageSid: sid })).fallback;
    const fallback = await row();
    expect(fallback).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(fallback).not.toContain(code);
    expect(Buffer.from(fallback!, 'base64url').toString('latin1')).not.toContain(code);
    expect(await verify(rig, input.email, code)).toEqual([]);
    expect(await row()).toBeNull();
  });
});

describe('CODE_FALLBACK=call across instances', () => {
  it('calls once when two instances take the same undelivered receipt at the same moment', async () => {
    const twilio = await startTwilioFake();
    const database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      VERIFICATION_PROVIDER: 'local',
      SMS_TRANSPORT: 'twilio',
      TWILIO_BASE_URL: twilio.url,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_NUMBER,
      ...FALLBACK,
    };
    const apps: TestApp[] = [];
    try {
      apps.push(await startTestApp(env));
      apps.push(await startTestApp(env));
      const { user } = await apps[0].register();
      const { sid } = textTo(twilio, user.phoneNumber);
      const answers = await Promise.all(
        [...apps, ...apps].map((app) => twilio.report(sid, 'undelivered', { via: app.origin, errorCode: 30003 })),
      );
      expect(answers).toEqual([204, 204, 204, 204]);
      expect(callsTo(twilio, user.phoneNumber)).toHaveLength(1);
    } finally {
      await Promise.all(apps.map((app) => app.close()));
      await Promise.all([twilio.close(), database.drop()]);
    }
  });
});
