import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTwilioClient, rewriteTwilioUrl } from '../../src/twilio/twilio.client';
import { startTwilioFake, twilioError, VERIFY_POLICY, type TwilioFake } from './twilio.fake';
import { rejectionOf } from '../support/outcomes';

const START = Date.parse('2026-11-30T12:00:00Z');
const TO = '+14155552345';
const FROM = '+14155550100';

let now = START;
let fake: TwilioFake;
let client: twilio.Twilio;

beforeAll(async () => {
  fake = await startTwilioFake({ now: () => now });
  client = createTwilioClient({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    baseUrl: fake.url,
    timeoutMs: 2000,
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  now = START;
  fake.reset();
});

const verifyService = () => client.verify.v2.services(fake.verifyServiceSid);
const startVerification = (to = TO) => verifyService().verifications.create({ to, channel: 'sms' });
const checkCode = (code: string, to = TO) => verifyService().verificationChecks.create({ to, code });
const sendSms = (to = TO) => client.messages.create({ to, from: FROM, body: 'You did it! Signup complete :)' });

/** What the provider gets to map: the status, Twilio's error code and message. */
async function restException(promise: Promise<unknown>) {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(twilio.RestException);
  const { status, code, message, moreInfo } = error as twilio.RestException;
  return { status, code, message, moreInfo };
}

const exceptionFor = (code: number, status: number, message: string) => ({
  status,
  code,
  message,
  moreInfo: `https://www.twilio.com/docs/errors/${code}`,
});

async function rawPost(
  path: string,
  form: Record<string, string>,
  credentials = `${fake.accountSid}:${fake.authToken}`,
) {
  const response = await fetch(fake.url + path, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(credentials).toString('base64')}` },
    body: new URLSearchParams(form),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { sid?: string } };
}

const messagesPath = () => `/api/2010-04-01/Accounts/${fake.accountSid}/Messages.json`;
const verifyPath = (rest: string) => `/verify/v2/Services/${fake.verifyServiceSid}/${rest}`;

describe('createTwilioClient', () => {
  it('maps each product host to a path prefix on the base URL, keeping the query string', () => {
    const base = 'http://127.0.0.1:5555';
    expect(rewriteTwilioUrl('https://verify.twilio.com/v2/Services/VA1/Verifications', base)).toBe(
      'http://127.0.0.1:5555/verify/v2/Services/VA1/Verifications',
    );
    expect(
      rewriteTwilioUrl('https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=20', `${base}/`),
    ).toBe('http://127.0.0.1:5555/api/2010-04-01/Accounts/AC1/Messages.json?PageSize=20');
    expect(rewriteTwilioUrl('https://verify.sydney.au1.twilio.com/v2/Services', base)).toBe(
      'http://127.0.0.1:5555/verify/v2/Services',
    );
  });

  it('sends the real library to the fake under /api/2010-04-01 and /verify/v2', async () => {
    await sendSms();
    await startVerification();
    await checkCode(fake.verify.codeFor(TO));
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${messagesPath()}`,
      `POST ${verifyPath('Verifications')}`,
      `POST ${verifyPath('VerificationCheck')}`,
    ]);
  });

  it('applies timeoutMs and turns auto-retry off, with or without a base URL', () => {
    const direct = createTwilioClient({ accountSid: fake.accountSid, authToken: fake.authToken, timeoutMs: 1234 });
    const viaBase = createTwilioClient({
      accountSid: fake.accountSid,
      authToken: fake.authToken,
      baseUrl: fake.url,
      timeoutMs: 4321,
    });
    expect(direct.httpClient).toMatchObject({ defaultTimeout: 1234, autoRetry: false });
    expect(viaBase.httpClient).toMatchObject({ defaultTimeout: 4321, autoRetry: false });
  });

  it('authenticates with an API key and secret on behalf of the account', async () => {
    const keyed = createTwilioClient({
      accountSid: fake.accountSid,
      apiKey: fake.apiKeySid,
      apiSecret: fake.apiKeySecret,
      baseUrl: fake.url,
      timeoutMs: 2000,
    });
    await keyed.messages.create({ to: TO, from: FROM, body: 'hi' });
    await keyed.verify.v2.services(fake.verifyServiceSid).verifications.create({ to: TO, channel: 'sms' });
    expect(fake.requests.map((r) => r.path)).toEqual([messagesPath(), verifyPath('Verifications')]);
    const sent = `Basic ${Buffer.from(`${fake.apiKeySid}:${fake.apiKeySecret}`).toString('base64')}`;
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([sent, sent]);
  });

  it('refuses to build a client without a credential', () => {
    expect(() => createTwilioClient({ accountSid: fake.accountSid, timeoutMs: 1000 })).toThrow(
      /auth token, or an API key/,
    );
  });
});

describe('Messages API', () => {
  it('sends a text message and the library parses the answer', async () => {
    const message = await sendSms();
    expect(message).toMatchObject({
      sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      accountSid: fake.accountSid,
      to: TO,
      from: FROM,
      body: 'You did it! Signup complete :)',
      status: 'queued',
      numSegments: '1',
      direction: 'outbound-api',
      dateCreated: new Date(START),
      errorCode: null,
    });
    expect(fake.requests[0]!.form).toEqual({ To: TO, From: FROM, Body: 'You did it! Signup complete :)' });
    expect(fake.messages).toEqual([
      {
        sid: message.sid,
        accountSid: fake.accountSid,
        to: TO,
        from: FROM,
        messagingServiceSid: null,
        body: message.body,
        statusCallback: null,
        sentAt: START,
      },
    ]);
  });

  it('sends through a messaging service, which leaves From empty', async () => {
    const messagingServiceSid = `MG${'0'.repeat(32)}`;
    const message = await client.messages.create({ to: TO, messagingServiceSid, body: 'hi' });
    expect(message).toMatchObject({ from: null, messagingServiceSid, status: 'accepted' });
    expect(fake.messages[0]).toMatchObject({ to: TO, messagingServiceSid, from: null });
  });

  it('refuses a To that is not E.164 with 21211', async () => {
    expect(await restException(sendSms('+1asd'))).toEqual(
      exceptionFor(21211, 400, "The 'To' number +1asd is not a valid phone number."),
    );
    expect(fake.messages).toEqual([]);
  });

  it('refuses wrong credentials, and another account, with 20003', async () => {
    const denied = exceptionFor(20003, 401, 'Authenticate');
    const wrongToken = createTwilioClient({
      accountSid: fake.accountSid,
      authToken: 'wrong',
      baseUrl: fake.url,
      timeoutMs: 2000,
    });
    const wrongSecret = createTwilioClient({
      accountSid: fake.accountSid,
      apiKey: fake.apiKeySid,
      apiSecret: 'wrong',
      baseUrl: fake.url,
      timeoutMs: 2000,
    });
    const otherAccount = createTwilioClient({
      accountSid: `AC${'1'.repeat(32)}`,
      apiKey: fake.apiKeySid,
      apiSecret: fake.apiKeySecret,
      baseUrl: fake.url,
      timeoutMs: 2000,
    });
    expect(await restException(wrongToken.messages.create({ to: TO, from: FROM, body: 'hi' }))).toEqual(denied);
    expect(await restException(wrongSecret.messages.create({ to: TO, from: FROM, body: 'hi' }))).toEqual(denied);
    expect(await restException(otherAccount.messages.create({ to: TO, from: FROM, body: 'hi' }))).toEqual(denied);
    expect(
      await restException(
        wrongToken.verify.v2.services(fake.verifyServiceSid).verifications.create({ to: TO, channel: 'sms' }),
      ),
    ).toEqual(denied);
    expect(fake.messages).toEqual([]);
  });

  it('answers byte for byte as wire-formats.md documents', async () => {
    const sent = await rawPost(messagesPath(), { To: TO, From: FROM, Body: 'hello' });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      account_sid: fake.accountSid,
      to: TO,
      from: FROM,
      body: 'hello',
      status: 'queued',
      num_segments: '1',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      date_created: 'Mon, 30 Nov 2026 12:00:00 +0000',
      date_sent: null,
      date_updated: 'Mon, 30 Nov 2026 12:00:00 +0000',
      error_code: null,
      error_message: null,
      price: null,
      price_unit: 'USD',
      messaging_service_sid: null,
      uri: `/2010-04-01/Accounts/${fake.accountSid}/Messages/${sent.body.sid}.json`,
    });

    const invalid = await rawPost(messagesPath(), { To: '+1asd', From: FROM, Body: 'hello' });
    expect(invalid).toMatchObject({
      status: 400,
      body: {
        code: 21211,
        message: "The 'To' number +1asd is not a valid phone number.",
        more_info: 'https://www.twilio.com/docs/errors/21211',
        status: 400,
      },
    });

    const denied = await rawPost(messagesPath(), { To: TO, From: FROM, Body: 'hello' }, `${fake.accountSid}:wrong`);
    expect(denied.status).toBe(401);
    expect(denied.body).toEqual({
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    });
    expect(denied.headers.get('www-authenticate')).toBe('Basic realm="Twilio API"');
  });
});

describe('Verify v2', () => {
  it('starts a verification and keeps the code it sent for the test to read', async () => {
    const verification = await startVerification();
    expect(verification).toMatchObject({
      sid: expect.stringMatching(/^VE[0-9a-f]{32}$/),
      serviceSid: fake.verifyServiceSid,
      accountSid: fake.accountSid,
      to: TO,
      channel: 'sms',
      status: 'pending',
      valid: false,
      sendCodeAttempts: [{ time: '2026-11-30T12:00:00Z', channel: 'SMS', channel_id: null }],
      dateCreated: new Date(START),
    });
    expect(fake.requests[0]!.form).toEqual({ To: TO, Channel: 'sms' });
    expect(fake.verify.codeFor(TO)).toMatch(new RegExp(`^\\d{${VERIFY_POLICY.codeDigits}}$`));
  });

  it('re-sends the same code when started again within its lifetime', async () => {
    const first = await startVerification();
    const code = fake.verify.codeFor(TO);
    now += 60_000;
    const again = await startVerification();
    expect(again.sid).toBe(first.sid);
    expect(again.sendCodeAttempts).toHaveLength(2);
    expect(fake.verify.codeFor(TO)).toBe(code);
  });

  it('approves the right code once, then answers 20404', async () => {
    await startVerification();
    const approved = await checkCode(fake.verify.codeFor(TO));
    expect(approved).toMatchObject({ to: TO, channel: 'sms', status: 'approved', valid: true });
    expect(await restException(checkCode(fake.verify.codeFor(TO)))).toEqual(
      exceptionFor(
        20404,
        404,
        `The requested resource /Services/${fake.verifyServiceSid}/VerificationCheck was not found`,
      ),
    );
  });

  it('checks by VerificationSid as well as by To', async () => {
    const { sid } = await startVerification();
    const approved = await verifyService().verificationChecks.create({
      verificationSid: sid,
      code: fake.verify.codeFor(TO),
    });
    expect(approved).toMatchObject({ sid, status: 'approved', valid: true });
    expect(fake.requests[1]!.form).toMatchObject({ VerificationSid: sid });
  });

  it('answers a wrong code with pending, 60202 after five, then 20404', async () => {
    await startVerification();
    const code = fake.verify.codeFor(TO);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < VERIFY_POLICY.maxWrongChecks; i++) {
      expect(await checkCode(wrong)).toMatchObject({ status: 'pending', valid: false });
    }
    expect(await restException(checkCode(code))).toEqual(exceptionFor(60202, 429, 'Max check attempts reached'));
    expect(fake.verify.latest(TO)?.status).toBe('max_attempts_reached');
    expect((await restException(checkCode(code))).code).toBe(20404);
  });

  it('lets a code expire after ten minutes, and a new start makes a new verification', async () => {
    const first = await startVerification();
    const code = fake.verify.codeFor(TO);
    now += VERIFY_POLICY.codeLifetimeMs;
    expect((await restException(checkCode(code))).code).toBe(20404);
    expect(fake.verify.latest(TO)?.status).toBe('expired');
    const second = await startVerification();
    expect(second.sid).not.toBe(first.sid);
    expect(await checkCode(fake.verify.codeFor(TO))).toMatchObject({ status: 'approved' });
  });

  it('refuses a bad To, Channel or Code with 60200', async () => {
    expect(await restException(startVerification('4155552345'))).toEqual(
      exceptionFor(60200, 400, 'Invalid parameter: To'),
    );
    expect((await restException(verifyService().verifications.create({ to: TO, channel: 'fax' }))).message).toBe(
      'Invalid parameter: Channel',
    );
    await startVerification();
    expect(await restException(checkCode('123'))).toEqual(exceptionFor(60200, 400, 'Invalid parameter: Code'));
    expect((await restException(checkCode('12345678901'))).code).toBe(60200);
    expect((await restException(checkCode('abcdef'))).code).toBe(60200);
  });

  it('refuses a sixth send within ten minutes with 60203', async () => {
    for (let i = 0; i < VERIFY_POLICY.maxSendsPerWindow; i++) await startVerification();
    expect(await restException(startVerification())).toEqual(exceptionFor(60203, 429, 'Max send attempts reached'));
    await startVerification('+14155550199');
    now += VERIFY_POLICY.sendWindowMs;
    await expect(startVerification()).resolves.toMatchObject({ status: 'pending' });
  });

  it('cancels a verification, after which its code is 20404', async () => {
    const { sid } = await startVerification();
    const canceled = await verifyService().verifications(sid).update({ status: 'canceled' });
    expect(canceled).toMatchObject({ sid, status: 'canceled', valid: false });
    expect(fake.requests[1]).toMatchObject({ path: verifyPath(`Verifications/${sid}`), form: { Status: 'canceled' } });
    expect((await restException(checkCode(fake.verify.codeFor(TO)))).code).toBe(20404);
    expect((await restException(verifyService().verifications(sid).update({ status: 'canceled' }))).code).toBe(20404);
  });

  it('answers 20404 for a service it does not know', async () => {
    const other = `VA${'0'.repeat(32)}`;
    expect(
      await restException(client.verify.v2.services(other).verifications.create({ to: TO, channel: 'sms' })),
    ).toEqual(exceptionFor(20404, 404, `The requested resource /Services/${other}/Verifications was not found`));
  });

  it('answers byte for byte as wire-formats.md documents', async () => {
    const started = await rawPost(verifyPath('Verifications'), { To: TO, Channel: 'sms' });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      sid: expect.stringMatching(/^VE[0-9a-f]{32}$/),
      service_sid: fake.verifyServiceSid,
      account_sid: fake.accountSid,
      to: TO,
      channel: 'sms',
      status: 'pending',
      valid: false,
      send_code_attempts: [{ time: '2026-11-30T12:00:00Z', channel: 'SMS' }],
      date_created: '2026-11-30T12:00:00Z',
      date_updated: '2026-11-30T12:00:00Z',
      url: `https://verify.twilio.com/v2/Services/${fake.verifyServiceSid}/Verifications/${started.body.sid}`,
    });

    const code = fake.verify.codeFor(TO);
    const wrong = await rawPost(verifyPath('VerificationCheck'), { To: TO, Code: code === '0000' ? '1111' : '0000' });
    expect(wrong).toMatchObject({ status: 200, body: { sid: started.body.sid, status: 'pending', valid: false } });
    const approved = await rawPost(verifyPath('VerificationCheck'), { To: TO, Code: code });
    expect(approved).toMatchObject({
      status: 200,
      body: { sid: started.body.sid, to: TO, channel: 'sms', status: 'approved', valid: true },
    });

    const gone = await rawPost(verifyPath('VerificationCheck'), { To: TO, Code: code });
    expect(gone).toEqual(
      expect.objectContaining(
        twilioError(
          20404,
          404,
          `The requested resource /Services/${fake.verifyServiceSid}/VerificationCheck was not found`,
        ),
      ),
    );
    expect(await rawPost(verifyPath('Verifications'), { To: '+1asd', Channel: 'sms' })).toEqual(
      expect.objectContaining(twilioError(60200, 400, 'Invalid parameter: To')),
    );
  });
});

describe('fault injection', () => {
  it('answers the next request with an injected status and body, then behaves again', async () => {
    fake.faults.respond(twilioError(20500, 503, 'Service Unavailable'));
    expect(await restException(sendSms())).toEqual(exceptionFor(20500, 503, 'Service Unavailable'));
    await expect(sendSms()).resolves.toMatchObject({ status: 'queued' });
    expect(fake.requests).toHaveLength(2);
  });

  it('limits a fault to a path prefix and a number of requests', async () => {
    fake.faults.respond({ ...twilioError(20429, 429, 'Too Many Requests'), path: '/verify/', times: 2 });
    await expect(sendSms()).resolves.toMatchObject({ status: 'queued' });
    expect((await restException(startVerification())).code).toBe(20429);
    expect((await restException(startVerification())).code).toBe(20429);
    await expect(startVerification()).resolves.toMatchObject({ status: 'pending' });
  });

  it('delays an answer, and a delay past the timeout fails the call', async () => {
    const impatient = createTwilioClient({
      accountSid: fake.accountSid,
      authToken: fake.authToken,
      baseUrl: fake.url,
      timeoutMs: 100,
    });
    fake.faults.delay({ ms: 20 });
    await expect(impatient.messages.create({ to: TO, from: FROM, body: 'hi' })).resolves.toMatchObject({
      status: 'queued',
    });
    fake.faults.delay({ ms: 1000 });
    const error = await rejectionOf(impatient.messages.create({ to: TO, from: FROM, body: 'hi' }));
    expect(error).toMatchObject({ name: 'AxiosError', code: 'ECONNABORTED', message: 'timeout of 100ms exceeded' });
  });

  it('holds an answer until released, then answers it normally', async () => {
    const release = fake.faults.hold();
    let settled = false;
    const held = sendSms().finally(() => (settled = true));
    await expect.poll(() => fake.requests.length, { timeout: 10_000 }).toBe(1);
    // Long past the few milliseconds an answer takes here, so an answer not held would have come.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    release();
    await expect(held).resolves.toMatchObject({ status: 'queued' });
  });

  it('drops the connection without an answer', async () => {
    fake.faults.drop();
    expect(await rejectionOf(sendSms())).toMatchObject({ code: 'ECONNRESET', message: 'socket hang up' });
    expect(fake.messages).toEqual([]);
  });

  it('answers with a body that is not JSON', async () => {
    fake.faults.malformed({ status: 201 });
    expect(await rejectionOf(sendSms())).toBeInstanceOf(SyntaxError);
    fake.faults.malformed({ status: 502, body: '<html>Bad Gateway</html>' });
    expect(await restException(sendSms())).toEqual({
      status: 502,
      code: undefined,
      message: '[HTTP 502] Failed to execute request',
      moreInfo: undefined,
    });
  });
});
