import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it, vi } from 'vitest';
import {
  RegisterUserDocument,
  ResendCodeDocument,
  VerifyUserDocument,
  type RegisterUserInput,
} from '../client/generated/graphql';
import { User } from '../src/users/user.entity';
import { PasswordHasher } from '../src/users/password';
import { UserStore } from '../src/users/user.store';
import { testDialect } from './support/database';
import { fakeClock } from './support/clock';
import { snapshotDb } from './support/property-db';
import { aPerson, useTestApp } from './support/test-app';

describe('registerUser', () => {
  // Sending limits have their own suite; here the database's unique index must decide races.
  const t = useTestApp({ RATE_LIMIT_CODE_COOLDOWN: 'off', RATE_LIMIT_CODES: 'off' });

  // Every table a request could write to, and every account and session row.
  const dbState = () => snapshotDb(t.app.database.db);
  const register = async (input: RegisterUserInput) => (await t.execute(RegisterUserDocument, { input })).registerUser;

  it('reports every bad field at once, each with its name, and changes nothing', async () => {
    const before = await dbState();
    const result = await register({
      name: '   ',
      email: 'not-an-email',
      password: 'short',
      countryCode: '1',
      phoneNumber: '12',
    });
    expect(result.user).toBeNull();
    expect(result.message).toBeNull();
    expect(result.errors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID_INPUT', 'name'],
      ['INVALID_INPUT', 'email'],
      ['INVALID_INPUT', 'password'],
      ['INVALID_INPUT', 'phoneNumber'],
    ]);
    for (const error of result.errors) expect(error.message.length).toBeGreaterThan(10);
    expect(await dbState()).toEqual(before);
  });

  it.each([
    ['name', { name: '    ' }],
    ['name', { name: '\u3164' }],
    ['name', { name: 'x'.repeat(101) }],
    ['name', { name: 'Ada \u202eecalevoL' }],
    ['name', { name: 'Ada \ud800 Lovelace' }],
    ['email', { email: 'bob@gmail' }],
    ['email', { email: 'two@@example.com' }],
    ['password', { password: '1234567' }],
    ['password', { password: '12345678' }],
    ['password', { password: 'password' }],
    ['password', { password: 'x'.repeat(257) }],
    ['password', { password: 'correct horse \ud800 battery' }],
    ['password', { password: 'correct horse \udfff battery' }],
    ['countryCode', { countryCode: 'US' }],
    ['countryCode', { countryCode: '0' }],
    ['countryCode', { countryCode: '44', phoneNumber: '+14155552673' }],
    ['phoneNumber', { countryCode: '1', phoneNumber: '555' }],
    ['phoneNumber', { countryCode: null, phoneNumber: '4155552671' }],
    ['phoneNumber', { countryCode: null, phoneNumber: '+1415555267' }],
  ])('rejects a bad %s (%j)', async (field, bad) => {
    const before = await dbState();
    const result = await register({ ...aPerson(), ...bad });
    expect(result.errors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field })]);
    expect(await dbState()).toEqual(before);
  });

  it.each(['200B', '200F', 'FEFF', '061C', '2028', '2029', '0085', '00AD', '200D', '2066'])(
    'rejects a name with an invisible U+%s in it, and changes nothing',
    async (hex) => {
      const before = await dbState();
      const result = await register({ ...aPerson(), name: `Ada${String.fromCharCode(parseInt(hex, 16))}Lovelace` });
      expect(result.errors).toEqual([
        {
          code: 'INVALID_INPUT',
          field: 'name',
          message: 'Name must not contain invisible, control or text-direction characters.',
          retryAfter: null,
        },
      ]);
      expect(await dbState()).toEqual(before);
    },
  );

  it.each(['علی\u200cرضا محمدی', 'अर्\u200dक', 'Ada 👩\u200d💻', 'Ada 🏳\ufe0f\u200d🌈', 'Zoë O\u2019Brien-Łukasz'])(
    'accepts a name in any script, with the joiners some need (%s)',
    async (name) => {
      const result = await register({ ...aPerson(), name });
      expect(result.errors).toEqual([]);
      expect(result.user?.name).toBe(name);
    },
  );

  it.each([
    ['a calling code and a national number', { countryCode: '1', phoneNumber: '415-555-2672' }, '+14155552672'],
    ['a calling code with a plus', { countryCode: '+44', phoneNumber: '07400 123456' }, '+447400123456'],
    ['a full E.164 number and no calling code', { countryCode: null, phoneNumber: '+44 7400 123457' }, '+447400123457'],
  ])('accepts %s and stores E.164', async (_, phone, e164) => {
    const result = await register({ ...aPerson(), ...phone });
    expect(result.errors).toEqual([]);
    expect(result.user?.phoneNumber).toBe(e164);
    expect(await t.latestCode(e164)).toMatch(/^\d{6}$/);
  });

  it.each([
    ['premium-rate', '+1 900 555 0123', /premium-rate/i],
    ['toll-free', '+1 800 555 0123', /toll-free/i],
    ['shared-cost', '+33 811 71 82 19', /shared-cost/i],
    ['UAN', '+44 345 950 7960', /UAN/],
    ['pager', '+44 7640 123456', /pager/i],
    ['voicemail', '+39 323 1178 6060', /voicemail/i],
    ['landline', '+44 20 7123 4567', /landline/i],
    ['VoIP', '+44 56 9472 6313', /VoIP/],
  ])('refuses a %s number, says why, and neither stores the signup nor texts it', async (_, phoneNumber, why) => {
    const before = await dbState();
    const result = await register({ ...aPerson(), countryCode: null, phoneNumber });
    expect(result.errors).toEqual([
      { code: 'INVALID_INPUT', field: 'phoneNumber', message: expect.stringMatching(why), retryAfter: null },
    ]);
    expect(await dbState()).toEqual(before);
    expect(await t.messagesTo(`+${phoneNumber.replace(/\D/g, '')}`)).toEqual([]);
  });

  it('stores the user unverified, with the password hashed by Argon2id', async () => {
    const person = aPerson();
    const result = await register(person);
    expect(result.user?.verified).toBe(false);
    const stored = await t.app.orm.em
      .fork()
      .findOneOrFail(User, { email: person.email }, { populate: ['passwordHash'] });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored.passwordHash).not.toContain(person.password);
  });

  it('refuses an email that differs from a registered one only in case', async () => {
    const first = aPerson();
    await t.register(first);
    const before = await dbState();
    const again = await register({ ...aPerson(), email: first.email.toUpperCase() });
    expect(again.errors).toEqual([expect.objectContaining({ code: 'EMAIL_TAKEN', field: 'email' })]);
    expect(await dbState()).toEqual(before);
  });

  it('sends the code on a retry of a signup whose code never went out, and only for the same email, number and password', async () => {
    const person = aPerson();
    // What a process that stopped between the account and its code leaves: the account, and no code.
    const stranded = Object.assign(new User(), {
      name: person.name,
      email: person.email,
      phoneNumber: `+1${person.phoneNumber}`,
      passwordHash: await new PasswordHasher(1).hash(person.password),
      createdAt: new Date(),
    });
    expect(await new UserStore().insert(t.app.database.db, stranded)).toBe(true);
    expect(await t.messagesTo(stranded.phoneNumber)).toEqual([]);

    const taken = [expect.objectContaining({ code: 'EMAIL_TAKEN', field: 'email' })];
    expect((await register({ ...person, password: 'somebody else entirely' })).errors).toEqual(taken);
    expect((await register({ ...person, phoneNumber: aPerson().phoneNumber })).errors).toEqual(taken);
    expect(await t.messagesTo(stranded.phoneNumber)).toEqual([]);

    const retry = await register(person);
    expect(retry.errors).toEqual([]);
    expect(retry.user?.id).toBe(stranded.id);
    const code = await t.latestCode(stranded.phoneNumber);
    const { verifyUser } = await t.execute(VerifyUserDocument, { input: { email: person.email, code } });
    expect(verifyUser.errors).toEqual([]);
    // A verified account is taken for good.
    expect((await register(person)).errors).toEqual(taken);
  });

  it('enforces unique emails in the database itself, not only in the service', async () => {
    const { user } = await t.register();
    const em = t.app.orm.em.fork();
    const copy = Object.assign(new User(), {
      name: 'Copy',
      email: user.email,
      phoneNumber: user.phoneNumber,
      passwordHash: 'x',
      createdAt: new Date(),
    });
    await expect(em.persist(copy).flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  });

  it('lets only one of concurrent signups with the same email through, leaving no failed statement in the database log', async () => {
    // An email of its own: the server's log is shared by every suite on it.
    const person = { ...aPerson(), email: `race-${randomUUID()}@example.com` };
    const results = await Promise.all([
      register(person),
      ...[1, 2, 3].map(() => register({ ...aPerson(), email: person.email.toUpperCase() })),
    ]);
    expect(results.map((r) => r.errors.map((e) => e.code)).sort()).toEqual([
      [],
      ['EMAIL_TAKEN'],
      ['EMAIL_TAKEN'],
      ['EMAIL_TAKEN'],
    ]);
    // PostgreSQL logs a failed statement with its values (name, email, phone, hash), out of this process's reach.
    const serverLog = testDialect === 'postgres' ? inject('postgresLog') : '';
    if (serverLog) expect(readFileSync(serverLog, 'utf8')).not.toContain(person.email.toLowerCase());
  });
});

describe('resendCode when the process that answered stops before sending', () => {
  const time = fakeClock();
  const t = useTestApp({}, { clock: time.clock });

  it('sends the acknowledged code from the poll, once the lease of the stopped process is over', async () => {
    const { input, user } = await t.register();
    time.advance(30_000);
    const stopped = vi
      .spyOn(UserStore.prototype, 'findUnverifiedByEmail')
      .mockRejectedValueOnce(new Error('the process stopped'));
    try {
      const { resendCode } = await t.execute(ResendCodeDocument, { input: { email: input.email } });
      expect(resendCode.errors).toEqual([]);
    } finally {
      stopped.mockRestore();
    }
    expect(await t.messagesTo(user.phoneNumber)).toHaveLength(1);
    time.advance(15_000);
    await t.app.codeRequests.deliverDue();
    expect(await t.messagesTo(user.phoneNumber)).toHaveLength(2);
    const code = await t.latestCode(user.phoneNumber);
    const { verifyUser } = await t.execute(VerifyUserDocument, { input: { email: input.email, code } });
    expect(verifyUser.errors).toEqual([]);
  });
});

describe('registerUser with SMS_ALLOWED_COUNTRIES and SMS_ALLOWED_NUMBER_TYPES', () => {
  const t = useTestApp({ SMS_ALLOWED_COUNTRIES: 'GB,IE', SMS_ALLOWED_NUMBER_TYPES: 'MOBILE,FIXED_LINE' });

  const register = async (phoneNumber: string) =>
    (await t.execute(RegisterUserDocument, { input: { ...aPerson(), countryCode: null, phoneNumber } })).registerUser;

  it('texts numbers of the countries and types listed', async () => {
    expect((await register('+44 7400 123458')).errors).toEqual([]);
    expect((await register('+44 20 7123 4568')).errors).toEqual([]);
    expect(await t.messagesTo('+442071234568')).toHaveLength(1);
  });

  it('refuses a number of another country, or of a type not listed, naming it, and texts nothing', async () => {
    expect((await register('+1 415 555 2699')).errors).toEqual([
      expect.objectContaining({
        code: 'INVALID_INPUT',
        field: 'phoneNumber',
        message: 'Phone numbers from United States are not accepted here.',
      }),
    ]);
    expect((await register('+800 1234 5678')).errors).toEqual([
      expect.objectContaining({ field: 'phoneNumber', message: expect.stringMatching(/no single country/) }),
    ]);
    expect((await register('+44 56 9472 6314')).errors).toEqual([
      expect.objectContaining({
        field: 'phoneNumber',
        message: 'Internet (VoIP) numbers cannot receive the verification code. Give a mobile number.',
      }),
    ]);
    expect(await t.messagesTo('+14155552699')).toEqual([]);
    expect(await t.app.orm.em.fork().count(User, { phoneNumber: '+14155552699' })).toBe(0);
  });
});
