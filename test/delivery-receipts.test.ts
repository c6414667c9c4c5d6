import twilio from 'twilio';
import { promtoolCheckMetrics } from './support/promtool';
import { describe, expect, it } from 'vitest';
import { VerifyUserDocument } from '../client/generated/graphql';
import { subjectOf } from '../src/accounts/one-time-codes';
import { SmsDeliveryAttempt } from '../src/sms/queue/sms-delivery-attempt.entity';
import { SmsDelivery } from '../src/sms/receipts/sms-delivery.entity';
import { User } from '../src/users/user.entity';
import { VerificationCode } from '../src/verification/local/verification-code.entity';
import { useRig, type Rig } from './support/rig';

const PUBLIC_URL = 'https://auth.example.test';
const CALLBACK = `${PUBLIC_URL}/webhooks/twilio/status`;

const deliveryOf = (rig: Rig, sid: string) => rig.t.app.orm.em.fork().findOne(SmsDelivery, { sid });

/** The code text Twilio took for the person's number, the newest first. */
function textTo(rig: Rig, phone: string) {
  const message = rig.twilio.messages.filter((m) => m.to === phone).at(-1);
  if (!message) throw new Error(`no text went to ${phone}`);
  return message;
}

/** One series of a scrape, as Prometheus reads it. */
async function series(rig: Rig, name: string): Promise<number> {
  const text = await (await fetch(rig.t.metricsUrl!)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

const DELIVERED = 'sms_delivery_receipts_total{channel="sms",status="delivered"}';

/** A receipt posted by hand, as another party than Twilio might. */
function post(rig: Rig, form: Record<string, string>, signature?: string) {
  return fetch(`${rig.t.origin}/webhooks/twilio/status`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(signature === undefined ? {} : { 'X-Twilio-Signature': signature }),
    },
    body: new URLSearchParams(form),
  });
}

describe('delivery receipts', () => {
  const rig = useRig('local', 'twilio', { env: { PUBLIC_URL, METRICS_PORT: '0' } });
  const report = (sid: string, status: string, options: Parameters<Rig['twilio']['report']>[2] = {}) =>
    rig.twilio.report(sid, status, { via: rig.t.origin, ...options });

  it('asks Twilio for receipts of every message and call, at PUBLIC_URL', async () => {
    const { input, user } = await rig.t.register();
    await rig.t.execute(VerifyUserDocument, {
      input: { email: input.email, code: await rig.t.latestCode(user.phoneNumber) },
    });
    await rig.t.app.smsQueue.deliverDue();
    const stored = await rig.t.app.orm.em.fork().findOneOrFail(User, user.id);
    await rig.t.app.verification.start(subjectOf(stored, 'password-reset'), 'call');
    const texts = rig.twilio.messages.filter((m) => m.to === user.phoneNumber);
    expect(texts.map((m) => m.statusCallback)).toEqual([CALLBACK, CALLBACK]);
    expect(rig.twilio.calls.find((c) => c.to === user.phoneNumber)?.statusCallback).toBe(CALLBACK);
  });

  it('refuses a receipt without a signature, or with a wrong one, with 403, and changes nothing', async () => {
    const { user } = await rig.t.register();
    const { sid } = textTo(rig, user.phoneNumber);
    const counted = await series(rig, DELIVERED);
    const form = {
      MessageSid: sid,
      MessageStatus: 'delivered',
      To: user.phoneNumber,
      AccountSid: rig.twilio.accountSid,
    };
    const forged = [
      await report(sid, 'delivered', { signature: null }),
      await report(sid, 'delivered', { signature: 'bm90IGEgc2lnbmF0dXJl' }),
      // Signed, but with another account's token, or over another URL than the public one.
      (await post(rig, form, twilio.getExpectedTwilioSignature('another-token', CALLBACK, form))).status,
      (
        await post(
          rig,
          form,
          twilio.getExpectedTwilioSignature(rig.twilio.authToken, `${rig.t.origin}/webhooks/twilio/status`, form),
        )
      ).status,
    ];
    expect(forged).toEqual([403, 403, 403, 403]);
    const answer = await post(rig, form);
    expect(answer.status).toBe(403);
    expect(await answer.json()).toEqual({ error: 'Only delivery receipts that Twilio signed are taken here.' });
    expect(await deliveryOf(rig, sid)).toMatchObject({ status: 'queued', errorCode: null });
    expect(await series(rig, DELIVERED)).toBe(counted);
  });

  it('records a signed delivered receipt and counts it', async () => {
    const { user } = await rig.t.register();
    const { sid } = textTo(rig, user.phoneNumber);
    const counted = await series(rig, DELIVERED);
    expect(await report(sid, 'sent')).toBe(204);
    expect(await report(sid, 'delivered')).toBe(204);
    expect(await deliveryOf(rig, sid)).toMatchObject({
      channel: 'sms',
      country: 'US',
      status: 'delivered',
      errorCode: null,
    });
    expect(await series(rig, DELIVERED)).toBe(counted + 1);
  });

  it('changes nothing for a duplicate, or a late sent after delivered', async () => {
    const { user } = await rig.t.register();
    const { sid } = textTo(rig, user.phoneNumber);
    await report(sid, 'delivered');
    const recorded = await deliveryOf(rig, sid);
    const SENT = 'sms_delivery_receipts_total{channel="sms",status="sent"}';
    const counted = [await series(rig, DELIVERED), await series(rig, SENT)];
    expect([
      await report(sid, 'delivered'),
      await report(sid, 'sent'),
      await report(sid, 'undelivered', { errorCode: 30003 }),
    ]).toEqual([204, 204, 204]);
    expect(await deliveryOf(rig, sid)).toEqual(recorded);
    expect([await series(rig, DELIVERED), await series(rig, SENT)]).toEqual(counted);
  });

  it('keeps Twilio’s error code with an undelivered text, and a call’s outcome', async () => {
    const { user } = await rig.t.register();
    const { sid } = textTo(rig, user.phoneNumber);
    await report(sid, 'undelivered', { errorCode: 30003 });
    expect(await deliveryOf(rig, sid)).toMatchObject({ status: 'undelivered', errorCode: 30003 });

    const stored = await rig.t.app.orm.em.fork().findOneOrFail(User, user.id);
    await rig.t.app.verification.start(subjectOf(stored, 'signup'), 'call');
    const call = rig.twilio.calls.find((c) => c.to === user.phoneNumber)!;
    expect(await deliveryOf(rig, call.sid)).toMatchObject({ channel: 'call', status: 'queued' });
    await report(call.sid, 'completed');
    expect(await deliveryOf(rig, call.sid)).toMatchObject({ channel: 'call', status: 'completed' });
    expect(await series(rig, 'sms_delivery_receipts_total{channel="call",status="completed"}')).toBe(1);
  });

  it('ties each text to what sent it: the code, or the queued message’s attempt', async () => {
    const { input, user } = await rig.t.register();
    const code = await rig.t.latestCode(user.phoneNumber);
    const em = rig.t.app.orm.em.fork();
    expect((await em.findOneOrFail(VerificationCode, { user: user.id })).messageSid).toBe(
      textTo(rig, user.phoneNumber).sid,
    );
    await rig.t.execute(VerifyUserDocument, { input: { email: input.email, code } });
    await rig.t.app.smsQueue.deliverDue();
    const confirmation = textTo(rig, user.phoneNumber);
    expect(confirmation.body).toBe('You did it! Signup complete :)');
    const attempt = await em.findOneOrFail(SmsDeliveryAttempt, { providerSid: confirmation.sid });
    expect(attempt.delivered).toBe(true);
    await report(confirmation.sid, 'delivered');
    expect(await deliveryOf(rig, confirmation.sid)).toMatchObject({ status: 'delivered' });
  });

  it('tells each country’s delivery rate, as every instance reads it', async () => {
    const since = new Date(Date.now() - 60_000);
    const before = (await rig.t.app.receipts!.deliveryRateByCountry(since)).find((row) => row.country === 'GB');
    expect(before).toBeUndefined();
    const people = [];
    for (const phoneNumber of ['7400123401', '7400123402', '7400123403'])
      people.push(await rig.t.register({ countryCode: '44', phoneNumber }));
    const [first, second] = people.map(({ user }) => textTo(rig, user.phoneNumber).sid);
    await report(first, 'delivered');
    await report(second, 'undelivered', { errorCode: 30005 });
    expect((await rig.t.app.receipts!.deliveryRateByCountry(since)).find((row) => row.country === 'GB')).toEqual({
      country: 'GB',
      sent: 3,
      delivered: 1,
      missed: 1,
      deliveryRate: 0.5,
    });
  });

  it('passes promtool check metrics with receipts counted', async () => {
    const text = await (await fetch(rig.t.metricsUrl!)).text();
    expect(text).toContain('# TYPE sms_delivery_receipts_total counter');
    expect(await promtoolCheckMetrics(text)).toEqual({ exitCode: 0, output: '' });
  });
});

describe('without PUBLIC_URL', () => {
  const rig = useRig('local', 'twilio');

  it('asks for no receipts and takes none', async () => {
    const { user } = await rig.t.register();
    expect(textTo(rig, user.phoneNumber).statusCallback).toBeNull();
    expect((await post(rig, { MessageSid: 'SM1', MessageStatus: 'delivered' })).status).toBe(404);
    expect(rig.t.app.receipts).toBeUndefined();
  });
});
