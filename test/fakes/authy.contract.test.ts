import { Client, errors } from 'authy-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authyFixture } from './authy-fixtures';
import { AUTHY_POLICY, startAuthyFake, type AuthyFake } from './authy.fake';
import { rejectionOf } from '../support/outcomes';
import { requestToken } from '../../src/verification/authy/authy.provider';

const START = Date.parse('2026-11-30T12:00:00Z');
// A Portuguese mobile ending in 67, like the cellphone in authy-client's fixtures.
const PHONE = { countryCode: 'PT', phone: '912345667', email: 'grace@example.com' };

let now = START;
let fake: AuthyFake;
let client: Client;

beforeAll(async () => {
  fake = await startAuthyFake({ now: () => now });
  client = new Client({ key: fake.apiKey }, { host: fake.url, timeout: 2000 });
});
afterAll(() => fake.close());
beforeEach(() => {
  now = START;
  fake.reset();
});

/** What the provider gets to map: the HTTP status as `code`, and Authy's body with its error_code. */
async function httpError(promise: Promise<unknown>) {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(errors.HttpError);
  const { code, message, body } = error as errors.HttpError;
  return { code, message, body };
}

async function registered() {
  const { user } = await client.registerUser(PHONE);
  return user.id;
}

async function raw(path: string, init: RequestInit = {}, key = fake.apiKey) {
  const response = await fetch(fake.url + path, { ...init, headers: { 'X-Authy-API-Key': key, ...init.headers } });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('users', () => {
  it('registers a user and gives the same id for the same phone again', async () => {
    const first = await client.registerUser(PHONE);
    expect(first).toEqual({
      message: 'User created successfully.',
      success: true,
      user: { id: AUTHY_POLICY.firstUserId },
    });
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/protected/json/users/new',
      headers: { 'content-type': 'application/json' },
      form: { 'user[email]': PHONE.email, 'user[cellphone]': '912345667', 'user[country_code]': '351' },
    });
    expect((await client.registerUser(PHONE)).user.id).toBe(first.user.id);
    const other = await client.registerUser({ countryCode: '1', phone: '4155552671', email: 'ada@example.com' });
    expect(other.user.id).toBe(first.user.id + 1);
    expect(fake.users.map((u) => u.cellphone)).toEqual(['912345667', '4155552671']);
  });

  it('refuses a cellphone Authy does not accept with 60027', async () => {
    // authy-client passes this one (libphonenumber calls it valid); 555-01XX is reserved for fiction.
    const refused = await httpError(
      client.registerUser({ countryCode: '1', phone: '2015550123', email: 'ada@example.com' }),
    );
    expect(refused).toMatchObject({
      code: 400,
      message: 'User was not valid',
      body: { error_code: '60027', cellphone: 'is invalid' },
    });
    expect(fake.users).toEqual([]);
  });

  it('accepts a form-encoded registration too', async () => {
    const form = new URLSearchParams({
      'user[email]': 'ada@example.com',
      'user[cellphone]': '415-555-2671',
      'user[country_code]': '1',
    });
    expect(await raw('/protected/json/users/new', { method: 'POST', body: form })).toEqual({
      status: 200,
      body: { message: 'User created successfully.', success: true, user: { id: AUTHY_POLICY.firstUserId } },
    });
    expect(fake.users[0]).toMatchObject({ email: 'ada@example.com', cellphone: '4155552671', countryCode: '1' });
  });
});

describe('removing users', () => {
  it("removes a user as authy-client's own mock answers, after which Authy knows the id no more", async () => {
    const authyId = await registered();
    const removed = await client.deleteUser({ authyId });
    expect(removed).toEqual(authyFixture('delete-user-mock', 'succeed').body);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: `/protected/json/users/${authyId}/remove` });
    expect(await httpError(client.requestSms({ authyId }, { force: true }))).toMatchObject({ code: 404 });
  });
});

describe('SMS tokens', () => {
  it('sends a token with force=true and keeps it for the test to read', async () => {
    const authyId = await registered();
    const sent = await client.requestSms({ authyId }, { force: true });
    expect(sent).toEqual({ success: true, message: 'SMS token was sent', cellphone: '+351-XXX-XXX-XX67' });
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: `/protected/json/sms/${authyId}`,
      query: { force: 'true' },
    });
    expect(fake.tokenFor(authyId)).toMatch(new RegExp(`^\\d{${AUTHY_POLICY.tokenDigits}}$`));
  });

  it("takes a locale on the same request, which the provider sends through the client's own request client", async () => {
    const authyId = await registered();
    await client.requestSms({ authyId }, { force: true });
    await requestToken(client, 'sms', authyId, 'es');
    const [plain, localised] = fake.requests.slice(-2);
    expect(localised).toMatchObject({
      method: plain.method,
      path: plain.path,
      query: { ...plain.query, locale: 'es' },
    });
    expect(localised.headers['x-authy-api-key']).toBe(plain.headers['x-authy-api-key']);
    // Errors come back as authy-client's own, as from requestSms().
    expect(await httpError(requestToken(client, 'sms', 999, 'es'))).toMatchObject({
      code: 404,
      message: expect.stringMatching(/user not found/i),
    });
  });

  it('ignores a request without force, sending nothing', async () => {
    const authyId = await registered();
    const ignored = await client.requestSms({ authyId });
    expect(ignored).toMatchObject({ success: true, ignored: true, cellphone: '+351-XXX-XXX-XX67' });
    expect(fake.requests.at(-1)!.query).toEqual({});
    expect(() => fake.tokenFor(authyId)).toThrow(/no unused token/);
  });

  it('answers 404 "User not found." for an unknown user', async () => {
    expect(await httpError(client.requestSms({ authyId: 999 }, { force: true }))).toMatchObject({
      code: 404,
      message: 'User not found.',
    });
  });

  it('refuses more requests than an hour allows with 60003, until the hour has passed', async () => {
    const authyId = await registered();
    for (let i = 0; i < AUTHY_POLICY.smsRequestsPerHour; i++) await client.requestSms({ authyId }, { force: true });
    expect(await httpError(client.requestSms({ authyId }, { force: true }))).toMatchObject({
      code: 429,
      body: { error_code: '60003' },
    });
    now += 3600_000;
    await expect(client.requestSms({ authyId }, { force: true })).resolves.toMatchObject({
      message: 'SMS token was sent',
    });
  });
});

describe('call tokens', () => {
  it('calls with force=true and keeps the token spoken for the test to read', async () => {
    const authyId = await registered();
    const called = await client.requestCall({ authyId }, { force: true });
    expect(called).toEqual({ success: true, message: 'Call started...', cellphone: '+351-XXX-XXX-XX67' });
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: `/protected/json/call/${authyId}`,
      query: { force: 'true' },
    });
    expect(fake.channelOf(authyId)).toBe('call');
    const token = fake.tokenFor(authyId);
    await expect(client.verifyToken({ authyId, token }, { force: true })).resolves.toMatchObject({ token: 'is valid' });
  });

  it('takes a locale on the call route too, through the same request client', async () => {
    const authyId = await registered();
    await requestToken(client, 'call', authyId, 'de');
    expect(fake.requests.at(-1)).toMatchObject({
      path: `/protected/json/call/${authyId}`,
      query: { force: 'true', locale: 'de' },
    });
    expect(fake.channelOf(authyId)).toBe('call');
    expect(await httpError(requestToken(client, 'call', 999, 'de'))).toMatchObject({ code: 404 });
  });

  it('ignores a call without force, and counts calls and texts against one hourly allowance', async () => {
    const authyId = await registered();
    expect(await client.requestCall({ authyId })).toMatchObject({ success: true, ignored: true });
    expect(() => fake.tokenFor(authyId)).toThrow(/no unused token/);
    for (let i = 1; i < AUTHY_POLICY.smsRequestsPerHour; i++) await client.requestSms({ authyId }, { force: true });
    expect(await httpError(client.requestCall({ authyId }, { force: true }))).toMatchObject({
      code: 429,
      body: { error_code: '60003' },
    });
  });

  it('answers as the request-call fixtures answer', async () => {
    const authyId = await registered();
    expect(await raw(`/protected/json/call/${authyId}?force=true`)).toEqual(
      authyFixture('request-call-mock', 'succeed'),
    );
    expect(await raw(`/protected/json/call/${authyId}`)).toEqual(
      authyFixture('request-call-mock', 'succeedWithCallIgnored'),
    );
  });
});

describe('token verification', () => {
  it('accepts the token sent, once', async () => {
    const authyId = await registered();
    await client.requestSms({ authyId }, { force: true });
    const token = fake.tokenFor(authyId);
    expect(await client.verifyToken({ authyId, token }, { force: true })).toEqual({
      message: 'Token is valid.',
      token: 'is valid',
      success: 'true',
    });
    expect(fake.requests.at(-1)).toMatchObject({
      path: `/protected/json/verify/${token}/${authyId}`,
      query: { force: 'true' },
    });
    expect((await httpError(client.verifyToken({ authyId, token }))).body).toMatchObject({ error_code: '60020' });
  });

  it('refuses a wrong, replaced or expired token with 60020', async () => {
    const authyId = await registered();
    await client.requestSms({ authyId }, { force: true });
    const first = fake.tokenFor(authyId);
    const wrong = first === '1234567' ? '7654321' : '1234567';
    expect(await httpError(client.verifyToken({ authyId, token: wrong }))).toMatchObject({
      code: 401,
      message: 'Token is invalid',
      body: { error_code: '60020' },
    });
    await client.requestSms({ authyId }, { force: true });
    expect((await httpError(client.verifyToken({ authyId, token: first }))).code).toBe(401);
    now += AUTHY_POLICY.tokenLifetimeMs;
    expect((await httpError(client.verifyToken({ authyId, token: fake.tokenFor(authyId) }))).code).toBe(401);
  });

  it('never sends a token of the wrong length: authy-client refuses it first', async () => {
    const authyId = await registered();
    const requestsBefore = fake.requests.length;
    expect(await rejectionOf(client.verifyToken({ authyId, token: '12345' }))).toBeInstanceOf(
      errors.ValidationFailedError,
    );
    expect(fake.requests).toHaveLength(requestsBefore);
  });
});

describe('API key', () => {
  it('refuses every call with a bad key with 60001', async () => {
    const authyId = await registered();
    const stranger = new Client({ key: 'not-the-key' }, { host: fake.url, timeout: 2000 });
    const refusals = [
      await httpError(stranger.registerUser(PHONE)),
      await httpError(stranger.requestSms({ authyId }, { force: true })),
      await httpError(stranger.verifyToken({ authyId, token: '1234567' })),
    ];
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ code: 401, message: 'Invalid API key', body: { error_code: '60001' } });
    }
  });
});

describe('raw answers, pinned to wire-formats.md and authy-client fixtures', () => {
  it('registers as the register-user fixture answers', async () => {
    const json = { method: 'POST', headers: { 'Content-Type': 'application/json' } };
    const user = { email: PHONE.email, cellphone: '912345667', country_code: '351' };
    expect(await raw('/protected/json/users/new', { ...json, body: JSON.stringify({ user }) })).toEqual(
      authyFixture('register-user-mock', 'succeed'),
    );
    const invalid = await raw('/protected/json/users/new', {
      ...json,
      body: JSON.stringify({ user: { ...user, cellphone: '12' } }),
    });
    expect(invalid).toEqual({
      status: 400,
      body: {
        message: 'User was not valid',
        success: false,
        errors: { cellphone: 'is invalid', message: 'User was not valid' },
        cellphone: 'is invalid',
        error_code: '60027',
      },
    });
  });

  it('answers SMS requests as the request-sms fixtures answer', async () => {
    const authyId = await registered();
    expect(await raw(`/protected/json/sms/${authyId}?force=true`)).toEqual(authyFixture('request-sms-mock', 'succeed'));
    expect(await raw(`/protected/json/sms/${authyId}`)).toEqual(
      authyFixture('request-sms-mock', 'succeedWithSmsIgnored'),
    );
    expect(await raw('/protected/json/sms/999?force=true')).toEqual({
      status: 404,
      body: { message: 'User not found.', success: false, errors: { message: 'User not found.' } },
    });
  });

  it('verifies as wire-formats.md documents; the fixture has success as a boolean', async () => {
    const authyId = await registered();
    await client.requestSms({ authyId }, { force: true });
    const fixture = authyFixture('verify-token-mock', 'succeed');
    expect(await raw(`/protected/json/verify/${fake.tokenFor(authyId)}/${authyId}?force=true`)).toEqual({
      status: fixture.status,
      body: { ...fixture.body, success: 'true' },
    });
    const failed = await raw(`/protected/json/verify/0000000/${authyId}`);
    expect(failed.status).toBe(authyFixture('verify-token-mock', 'fail').status);
    expect(failed.body).toEqual({
      message: 'Token is invalid',
      token: 'is invalid',
      success: false,
      errors: { message: 'Token is invalid' },
      error_code: '60020',
    });
  });

  it('refuses a bad key and too many SMS requests with the documented bodies', async () => {
    expect(await raw('/protected/json/sms/1635', {}, 'wrong')).toEqual({
      status: 401,
      body: { error_code: '60001', message: 'Invalid API key', errors: { message: 'Invalid API key' }, success: false },
    });
    const authyId = await registered();
    for (let i = 0; i < AUTHY_POLICY.smsRequestsPerHour; i++) await raw(`/protected/json/sms/${authyId}?force=true`);
    const message = 'DoS protection: User has requested too many tokens in the last hour.';
    expect(await raw(`/protected/json/sms/${authyId}?force=true`)).toEqual({
      status: 429,
      body: { message, success: false, errors: { message }, error_code: '60003' },
    });
  });
});

describe('fault injection', () => {
  it('answers with an injected status, limited to a path prefix', async () => {
    const authyId = await registered();
    fake.faults.respond({
      status: 503,
      body: { message: 'Service unavailable', success: false },
      path: '/protected/json/sms/',
    });
    await expect(client.verifyToken({ authyId, token: '1234567' })).rejects.toMatchObject({ code: 401 });
    expect(await httpError(client.requestSms({ authyId }, { force: true }))).toMatchObject({
      code: 503,
      message: 'Service unavailable',
    });
    await expect(client.requestSms({ authyId }, { force: true })).resolves.toMatchObject({ success: true });
  });

  it('delays an answer, and a delay past the timeout fails the call', async () => {
    const authyId = await registered();
    const impatient = new Client({ key: fake.apiKey }, { host: fake.url, timeout: 100 });
    fake.faults.delay({ ms: 20 });
    await expect(impatient.requestSms({ authyId }, { force: true })).resolves.toMatchObject({ success: true });
    fake.faults.delay({ ms: 1000 });
    expect(await rejectionOf(impatient.requestSms({ authyId }, { force: true }))).toMatchObject({
      code: 'ESOCKETTIMEDOUT',
    });
  });

  it('drops the connection without an answer', async () => {
    fake.faults.drop();
    expect(await rejectionOf(client.registerUser(PHONE))).toMatchObject({
      code: 'ECONNRESET',
      message: 'socket hang up',
    });
  });

  it('answers with a body that is not JSON, which authy-client reports as a 500', async () => {
    fake.faults.malformed();
    expect(await httpError(client.registerUser(PHONE))).toMatchObject({ code: 500, body: '{"unterminated": ' });
  });
});
