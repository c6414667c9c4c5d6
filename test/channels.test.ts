import { describe, expect, it } from 'vitest';
import { VerifyUserDocument } from '../client/generated/graphql';
import { subjectOf } from '../src/accounts/one-time-codes';
import { User } from '../src/users/user.entity';
import { ChannelNotOfferedError } from '../src/verification/code-channels';
import type { CodeChannel } from '../src/verification/verification-provider';
import { spokenBy } from './fakes/twilio.fake';
import { rejectionOf } from './support/outcomes';
import { TWILIO_NUMBER, useRig, type Rig } from './support/rig';
import { aPerson } from './support/test-app';

const WHATSAPP_FROM = '+14155238886';
const ALL_CHANNELS = { CODE_CHANNELS: 'SMS,CALL,WHATSAPP', TWILIO_WHATSAPP_FROM: WHATSAPP_FROM };

/** A person signed up (their first code went by SMS) and a fresh code asked for by `channel`. */
async function codeBy(rig: Rig, channel: CodeChannel, locale = 'en') {
  const { input, user } = await rig.t.register({ ...aPerson(), locale });
  const stored = await rig.t.app.orm.em.fork().findOneOrFail(User, user.id);
  const started = await rig.t.app.verification.start(subjectOf(stored, 'signup'), channel);
  expect(started.ok).toBe(true);
  return { email: input.email, phone: user.phoneNumber };
}

async function verifies(rig: Rig, email: string, code: string) {
  const { verifyUser } = await rig.t.execute(VerifyUserDocument, { input: { email, code } });
  return verifyUser.errors.map((error) => error.code);
}

/** "1, 2, 3, 4, 5, 6" → "123456", each time a call says it. */
const codesSaid = (words: string) => [...words.matchAll(/\d(?:, \d){5}/g)].map(([digits]) => digits.replace(/, /g, ''));

describe('the local provider over Twilio', () => {
  const rig = useRig('local', 'twilio', { env: ALL_CHANNELS });

  it('calls with a code spoken digit by digit, twice, in the person’s language, and that code verifies', async () => {
    const { email, phone } = await codeBy(rig, 'call', 'es');
    const call = rig.twilio.calls.find((c) => c.to === phone)!;
    expect(call).toMatchObject({ from: TWILIO_NUMBER, statusCallback: null });
    const [said] = spokenBy(call.twiml);
    expect(said.language).toBe('es-ES');
    expect(said.text).toMatch(/^Tu código de verificación es \d(, \d){5}\. Repito: \d(, \d){5}\.$/);
    const [code, again] = codesSaid(said.text);
    expect(again).toBe(code);
    expect(await verifies(rig, email, code)).toEqual([]);
  });

  it('writes on WhatsApp between whatsapp: addresses, and that code verifies', async () => {
    const { email, phone } = await codeBy(rig, 'whatsapp');
    const message = rig.twilio.messages.find((m) => m.to === `whatsapp:${phone}`)!;
    expect(message.from).toBe(`whatsapp:${WHATSAPP_FROM}`);
    const [, code] = /^Your verification code is (\d{6})\. It expires in 10 minutes\.$/.exec(message.body) ?? [];
    expect(code, message.body).toBeDefined();
    expect(await verifies(rig, email, code)).toEqual([]);
  });

  it('leaves the texted code dead once a call brings a new one', async () => {
    const { input, user } = await rig.t.register();
    const texted = await rig.t.latestCode(user.phoneNumber);
    const stored = await rig.t.app.orm.em.fork().findOneOrFail(User, user.id);
    await rig.t.app.verification.start(subjectOf(stored, 'signup'), 'call');
    const [called] = codesSaid(spokenBy(rig.twilio.calls.find((c) => c.to === user.phoneNumber)!.twiml)[0].text);
    // Only a one-in-a-million repeat of the digits could still match.
    if (called !== texted) expect(await verifies(rig, input.email, texted)).toEqual(['INVALID_CODE']);
    expect(await verifies(rig, input.email, called)).toEqual([]);
  });
});

describe('Twilio Verify', () => {
  const rig = useRig('twilio-verify', 'outbox', { env: { CODE_CHANNELS: 'SMS,CALL,WHATSAPP' } });

  it.each(['call', 'whatsapp'] as const)(
    'asks Verify for Channel=%s, and the code it sends verifies',
    async (channel) => {
      const { email, phone } = await codeBy(rig, channel);
      const started = rig.twilio.requests.filter((r) => r.path.endsWith('/Verifications') && r.form.To === phone);
      expect(started.map((r) => r.form.Channel)).toEqual(['sms', channel]);
      expect(await verifies(rig, email, rig.twilio.verify.codeFor(phone))).toEqual([]);
    },
  );
});

describe('Authy', () => {
  const rig = useRig('authy', 'outbox');

  it('calls through its call route, and the token spoken verifies', async () => {
    const { email, phone } = await codeBy(rig, 'call');
    const user = rig.authy.users.find((u) => `+${u.countryCode}${u.cellphone}` === phone)!;
    expect(rig.authy.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: `/protected/json/call/${user.id}`,
      query: { force: 'true', locale: 'en' },
    });
    expect(rig.authy.channelOf(user.id)).toBe('call');
    expect(await verifies(rig, email, rig.authy.tokenFor(user.id))).toEqual([]);
  });

  it('refuses WhatsApp, which Authy cannot send, before asking Authy anything', async () => {
    const { user } = await rig.t.register();
    const stored = await rig.t.app.orm.em.fork().findOneOrFail(User, user.id);
    const asked = rig.authy.requests.length;
    const refused = await rejectionOf(rig.t.app.verification.start(subjectOf(stored, 'signup'), 'whatsapp'));
    expect(refused).toBeInstanceOf(ChannelNotOfferedError);
    expect(rig.authy.requests).toHaveLength(asked);
  });
});

describe('the development outbox', () => {
  const rig = useRig('local', 'outbox', { env: { CODE_CHANNELS: 'SMS,CALL,WHATSAPP' } });

  it('keeps a call with the words it says, and a WhatsApp message, each with its channel at /dev/outbox', async () => {
    const { email, phone } = await codeBy(rig, 'call');
    const outbox = await fetch(`${rig.t.origin}/dev/outbox?to=${encodeURIComponent(phone)}`);
    const [call, text] = (await outbox.json()) as { channel: string; body: string }[];
    expect(call.channel).toBe('call');
    expect(text.channel).toBe('sms');
    const [code, again] = codesSaid(call.body);
    expect(again).toBe(code);
    expect(await verifies(rig, email, code)).toEqual([]);

    const whatsapp = await codeBy(rig, 'whatsapp');
    const [message] = (await (
      await fetch(`${rig.t.origin}/dev/outbox?to=${encodeURIComponent(whatsapp.phone)}`)
    ).json()) as { channel: string; body: string }[];
    expect(message).toMatchObject({ channel: 'whatsapp', body: expect.stringMatching(/code is \d{6}/) });
  });
});

describe('which channels are offered', () => {
  const rig = useRig('local', 'twilio');

  it('offers SMS and calls by default, and refuses WhatsApp without sending anything', async () => {
    const { verification } = rig.t.app;
    expect(verification.channels).toEqual(['sms', 'call']);
    expect(['sms', 'call', 'whatsapp'].map((c) => verification.offers(c as CodeChannel))).toEqual([true, true, false]);
    const { user } = await rig.t.register();
    const stored = await rig.t.app.orm.em.fork().findOneOrFail(User, user.id);
    const sent = rig.twilio.requests.length;
    const refused = await rejectionOf(verification.start(subjectOf(stored, 'signup'), 'whatsapp'));
    expect(refused).toBeInstanceOf(ChannelNotOfferedError);
    expect(rig.twilio.requests).toHaveLength(sent);
  });
});

describe('test numbers', () => {
  const rig = useRig('local', 'twilio', { env: { TEST_PHONE_NUMBERS: '+15555550100=123456' } });

  it('are never called through Twilio, and their fixed code still verifies', async () => {
    const { input, user } = await rig.t.register({ countryCode: '1', phoneNumber: '5555550100' });
    const stored = await rig.t.app.orm.em.fork().findOneOrFail(User, user.id);
    expect((await rig.t.app.verification.start(subjectOf(stored, 'signup'), 'call')).ok).toBe(true);
    expect(rig.twilio.calls).toEqual([]);
    expect(await verifies(rig, input.email, '123456')).toEqual([]);
  });
});
