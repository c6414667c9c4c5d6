import { afterAll, describe, expect, it } from 'vitest';
import {
  LoginDocument,
  LogoutDocument,
  MeDocument,
  RegisterUserDocument,
  ResendCodeDocument,
  VerifyUserDocument,
} from '../client/generated/graphql';
import { loggableError } from '../src/shared/describe-error';
import { SmsDeliveryError } from '../src/sms/sms-transport';
import { fakeClock } from './support/clock';
import { FaultySms } from './support/faulty-sms';
import { postGraphQL } from './support/http-client';
import { captureLogs } from './support/log-capture';
import { startRig, type ProviderName, type Rig, type TransportName } from './support/rig';
import { refuseInserts } from './support/database-faults';
import { aPerson, startTestApp, TEST_SECRET } from './support/test-app';

describe.each([
  ['local', 'outbox'],
  ['twilio-verify', 'twilio'],
  ['authy', 'twilio'],
] as [ProviderName, TransportName][])('the logs of a whole flow with %s and %s', (provider, transport) => {
  const rigs: Rig[] = [];
  afterAll(() => Promise.all(rigs.map((rig) => rig.close())));

  it('hold no password, code, token, secret or full phone number', async () => {
    const logs = captureLogs();
    const time = fakeClock();
    const sms = new FaultySms();
    const rig = await startRig(provider, transport, {
      overrides: { logger: logs.logger, clock: time.clock, wrapSms: sms.wrap },
    });
    rigs.push(rig);
    const url = rig.t.url;
    const person = { ...aPerson(), password: 'Tr0ub4dor&3-secret-pass' };
    const phone = `+1${person.phoneNumber}`;

    await postGraphQL(url, RegisterUserDocument, { input: person });
    const codes = [await rig.t.latestCode(phone)];
    await postGraphQL(url, VerifyUserDocument, {
      input: { email: person.email, code: '99999999'.slice(0, codes[0].length) },
    });
    time.advance(30_000);
    await postGraphQL(url, ResendCodeDocument, { input: { email: person.email } });
    await rig.t.app.settled();
    codes.push(await rig.t.latestCode(phone));
    const verified = await postGraphQL(url, VerifyUserDocument, { input: { email: person.email, code: codes[1] } });
    const token = verified.data.verifyUser.session!.token;
    await postGraphQL(url, MeDocument, {}, { authorization: `Bearer ${token}` });
    await postGraphQL(url, LogoutDocument, {}, { cookie: `session=${token}` });
    await postGraphQL(url, LoginDocument, { input: { email: person.email, password: 'wrong-password-guess' } });
    const login = await postGraphQL(url, LoginDocument, { input: { email: person.email, password: person.password } });
    // An upstream outage whose error text carries the number, as Twilio's messages do.
    const other = aPerson();
    const otherPhone = `+1${other.phoneNumber}`;
    const message = `Could not reach ${otherPhone}`;
    if (provider === 'local') sms.failNext(new SmsDeliveryError(message, 'unavailable'));
    else
      (provider === 'authy' ? rig.authy : rig.twilio).faults.respond({
        status: 503,
        body: { code: 20500, message, status: 503 },
      });
    expect((await postGraphQL(url, RegisterUserDocument, { input: other })).data.registerUser.errors[0]?.code).toBe(
      'DELIVERY_FAILED',
    );
    await rig.t.app.close();

    const text = logs.text();
    expect(logs.lines.length).toBeGreaterThan(5);
    expect(text).toMatch(/"requestId":"[0-9a-f-]{36}"/);
    const secrets = [
      person.password,
      'wrong-password-guess',
      ...codes,
      token,
      login.data.login.session!.token,
      TEST_SECRET,
      rig.twilio.authToken,
      rig.authy.apiKey,
      phone,
      person.phoneNumber,
      otherPhone,
    ];
    for (const secret of secrets) expect(text, `logs contain ${secret}`).not.toContain(secret);
  });
});

describe('the log line of a database error', () => {
  it('holds none of the values the refused statement carried: no hash, email, name or phone, and no statement', async () => {
    const logs = captureLogs();
    const t = await startTestApp({}, { logger: logs.logger });
    const url = t.url;
    const person = { ...aPerson(), name: 'Zebulon Quartermaine', password: 'Tr0ub4dor&3-secret-pass' };
    // As a lock held by another process or a full disk would: the insert of the user fails.
    const allowInserts = await refuseInserts(t.app.database.db, 'users');
    try {
      const { body } = await postGraphQL(url, RegisterUserDocument, { input: person });
      expect(body.errors?.[0]).toMatchObject({
        message: 'Internal server error',
        extensions: { requestId: expect.any(String) },
      });
    } finally {
      await allowInserts();
      await t.close();
    }
    const failures = logs.lines.filter((line) => line.includes('"level":50'));
    expect(failures).toHaveLength(1);
    // The reason is kept for the operator.
    expect(failures[0]).toContain('refused');
    for (const value of ['$argon2id', person.email, person.name, person.password, person.phoneNumber, 'insert into']) {
      expect(logs.text(), `logs contain ${value}`).not.toContain(value);
    }
    expect(logs.text()).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });
});

describe('the message of a driver error the ORM did not convert', () => {
  it("keeps the reason and drops the statement, as for the ORM's own", () => {
    const raw = Object.assign(
      new Error(
        `insert into "users" ("email", "password_hash") values ('ada@example.com', '$argon2id$v=19$m=19456,t=2,p=1$abc$def') on conflict ("email") do nothing - disk full`,
      ),
      { code: '53100' },
    );
    const logged = JSON.stringify(loggableError(raw));
    expect(logged).toContain('53100: disk full');
    for (const value of ['ada@example.com', '$argon2id', 'insert into']) expect(logged).not.toContain(value);
  });
});
