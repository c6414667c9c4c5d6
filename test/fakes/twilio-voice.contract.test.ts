import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTwilioClient } from '../../src/twilio/twilio.client';
import { rejectionOf } from '../support/outcomes';
import { twilioSignature } from './twilio-callbacks';
import { spokenBy, startTwilioFake, type TwilioFake } from './twilio.fake';

const START = Date.parse('2026-11-30T12:00:00Z');
const TO = '+14155552345';
const FROM = '+14155550100';
const WHATSAPP_FROM = '+14155238886';
const TWIML = '<Response><Say language="es-ES">Tu código es 1, 2, 3.</Say></Response>';

let fake: TwilioFake;
let client: twilio.Twilio;

/** Where the fake's status callbacks land in these tests, as the app's endpoint would take them. */
const received: { path: string; headers: IncomingHttpHeaders; form: Record<string, string> }[] = [];
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    received.push({ path: req.url ?? '', headers: req.headers, form });
    res.writeHead(204).end();
  });
});
let receiverUrl: string;

beforeAll(async () => {
  fake = await startTwilioFake({ now: () => START });
  client = createTwilioClient({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    baseUrl: fake.url,
    timeoutMs: 2000,
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await fake.close();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
  fake.reset();
  received.length = 0;
});

const callsPath = () => `/api/2010-04-01/Accounts/${fake.accountSid}/Calls.json`;

async function restException(promise: Promise<unknown>) {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(twilio.RestException);
  const { status, code, message } = error as twilio.RestException;
  return { status, code, message };
}

describe('Calls API', () => {
  it('places a call with inline TwiML, and the library parses the answer', async () => {
    const statusCallback = 'https://auth.example.com/webhooks/twilio/status';
    const call = await client.calls.create({ to: TO, from: FROM, twiml: TWIML, statusCallback });
    expect(call).toMatchObject({
      sid: expect.stringMatching(/^CA[0-9a-f]{32}$/),
      accountSid: fake.accountSid,
      to: TO,
      from: FROM,
      status: 'queued',
      direction: 'outbound-api',
      apiVersion: '2010-04-01',
      dateCreated: new Date(START),
    });
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: callsPath(),
      form: { To: TO, From: FROM, Twiml: TWIML, StatusCallback: statusCallback },
    });
    expect(fake.calls).toEqual([
      {
        sid: call.sid,
        accountSid: fake.accountSid,
        to: TO,
        from: FROM,
        twiml: TWIML,
        statusCallback,
        createdAt: START,
      },
    ]);
    expect(spokenBy(fake.calls[0].twiml)).toEqual([{ language: 'es-ES', text: 'Tu código es 1, 2, 3.' }]);
  });

  it("reads what the library's own TwiML builder writes, escapes included", async () => {
    const response = new twilio.twiml.VoiceResponse();
    response.say({ language: 'fr-FR' }, "Votre code <n'est> pas & 4, 2.");
    await client.calls.create({ to: TO, from: FROM, twiml: response });
    expect(spokenBy(fake.calls[0].twiml)).toEqual([{ language: 'fr-FR', text: "Votre code <n'est> pas & 4, 2." }]);
  });

  it('refuses a bad To with 21211 and a call without instructions with 21200', async () => {
    expect(await restException(client.calls.create({ to: '+1asd', from: FROM, twiml: TWIML }))).toEqual({
      status: 400,
      code: 21211,
      message: "The 'To' number +1asd is not a valid phone number.",
    });
    const noInstructions = await rawPost(callsPath(), { To: TO, From: FROM });
    expect(noInstructions).toMatchObject({ status: 400, body: { code: 21200, status: 400 } });
    expect(fake.calls).toEqual([]);
  });

  it('refuses another account with 20003', async () => {
    const other = createTwilioClient({
      accountSid: `AC${'1'.repeat(32)}`,
      apiKey: fake.apiKeySid,
      apiSecret: fake.apiKeySecret,
      baseUrl: fake.url,
      timeoutMs: 2000,
    });
    expect((await restException(other.calls.create({ to: TO, from: FROM, twiml: TWIML }))).code).toBe(20003);
  });
});

describe('WhatsApp through the Messages API', () => {
  it('sends between whatsapp: addresses', async () => {
    const message = await client.messages.create({
      to: `whatsapp:${TO}`,
      from: `whatsapp:${WHATSAPP_FROM}`,
      body: 'hi',
    });
    expect(message).toMatchObject({ to: `whatsapp:${TO}`, from: `whatsapp:${WHATSAPP_FROM}`, status: 'queued' });
    expect(fake.messages[0]).toMatchObject({ to: `whatsapp:${TO}`, from: `whatsapp:${WHATSAPP_FROM}`, body: 'hi' });
  });

  it('refuses a WhatsApp address paired with a phone number, with 21910', async () => {
    expect(await restException(client.messages.create({ to: `whatsapp:${TO}`, from: FROM, body: 'hi' }))).toEqual({
      status: 400,
      code: 21910,
      message: 'Invalid From and To pair. From and To should be of the same channel',
    });
    expect((await restException(client.messages.create({ to: 'whatsapp:+1asd', from: FROM, body: 'hi' }))).code).toBe(
      21211,
    );
  });
});

describe('Verify channels', () => {
  it.each(['call', 'whatsapp'])('starts a verification by %s, as Channel says', async (channel) => {
    const started = await client.verify.v2.services(fake.verifyServiceSid).verifications.create({ to: TO, channel });
    expect(started).toMatchObject({
      channel,
      sendCodeAttempts: [expect.objectContaining({ channel: channel.toUpperCase() })],
    });
    expect(fake.verify.latest(TO)?.channel).toBe(channel);
  });
});

describe('status callbacks', () => {
  it("computes X-Twilio-Signature as the library's validateRequest checks it", () => {
    const url = 'https://auth.example.com/webhooks/twilio/status';
    const params = { MessageSid: 'SM1', MessageStatus: 'delivered', To: TO, ErrorCode: '' };
    const signature = twilioSignature(fake.authToken, url, params);
    expect(signature).toBe(twilio.getExpectedTwilioSignature(fake.authToken, url, params));
    expect(twilio.validateRequest(fake.authToken, signature, url, params)).toBe(true);
    expect(twilio.validateRequest('another-token', signature, url, params)).toBe(false);
  });

  it("posts a message's receipt, signed over its StatusCallback, with the parameters Twilio sends", async () => {
    const statusCallback = `${receiverUrl}/webhooks/twilio/status`;
    const message = await client.messages.create({ to: TO, from: FROM, body: 'hi', statusCallback });
    expect(fake.requests[0].form.StatusCallback).toBe(statusCallback);
    expect(await fake.report(message.sid, 'undelivered', { errorCode: 30003 })).toBe(204);
    const [receipt] = received;
    expect(receipt.path).toBe('/webhooks/twilio/status');
    expect(receipt.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(receipt.form).toEqual({
      AccountSid: fake.accountSid,
      ApiVersion: '2010-04-01',
      From: FROM,
      MessageSid: message.sid,
      MessageStatus: 'undelivered',
      SmsSid: message.sid,
      SmsStatus: 'undelivered',
      To: TO,
      ErrorCode: '30003',
    });
    const signature = String(receipt.headers['x-twilio-signature']);
    expect(twilio.validateRequest(fake.authToken, signature, statusCallback, receipt.form)).toBe(true);
  });

  it("posts a call's receipt through another origin, still signed over the public URL", async () => {
    const statusCallback = 'https://auth.example.com/webhooks/twilio/status';
    const call = await client.calls.create({ to: TO, from: FROM, twiml: TWIML, statusCallback });
    await fake.report(call.sid, 'completed', { via: receiverUrl });
    const [receipt] = received;
    expect(receipt.form).toMatchObject({ CallSid: call.sid, CallStatus: 'completed', To: TO, From: FROM });
    const signature = String(receipt.headers['x-twilio-signature']);
    expect(twilio.validateRequest(fake.authToken, signature, statusCallback, receipt.form)).toBe(true);
  });

  it('sends a forged signature, or none, when told to', async () => {
    const statusCallback = `${receiverUrl}/webhooks/twilio/status`;
    const message = await client.messages.create({ to: TO, from: FROM, body: 'hi', statusCallback });
    await fake.report(message.sid, 'delivered', { signature: 'forged' });
    await fake.report(message.sid, 'delivered', { signature: null });
    expect(received.map((r) => r.headers['x-twilio-signature'])).toEqual(['forged', undefined]);
  });
});

async function rawPost(path: string, form: Record<string, string>) {
  const response = await fetch(fake.url + path, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(`${fake.accountSid}:${fake.authToken}`).toString('base64')}` },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}
