import fc from 'fast-check';
import { print, type DocumentNode } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LoginDocument,
  LogoutDocument,
  ConfirmPhoneChangeDocument,
  DeleteAccountDocument,
  MeDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  RevokeSessionDocument,
  StartPhoneChangeDocument,
  RegisterUserDocument,
  ResendCodeDocument,
  VerifyUserDocument,
} from '../client/generated/graphql';
import { normalizeEmail } from '../src/users/email';
import { UserErrorCode } from '../src/shared/outcome';
import { execute } from '../src/db/dialect';
import { MAX_BODY_BYTES } from '../src/http/graphql.route';
import { SessionCookies } from '../src/sessions/session-cookie';
import { exchangeOnOneConnection, rawPost } from './support/property-http';
import { countDelta, snapshotDb, type DbSnapshot, type WatchedTable } from './support/property-db';
import {
  anyUnicode,
  callingCodeShaped,
  countryCodeGarbage,
  emailLookalike,
  isCallingCodeShaped,
  numberAsString,
  phoneLookalike,
  plausiblePerson,
  veryLong,
  whitespace,
} from './support/property-inputs';
import { useTestApp } from './support/test-app';

/**
 * Property tests: whatever a client sends, the server answers with data or a client error, never
 * with an internal error or a 5xx, and a refused request leaves the database as it was.
 */

const USER_ERROR_CODES = new Set<string>(Object.values(UserErrorCode));

/** Runs are kept few for the suite's time budget; PROPERTY_RUNS=10 (say) multiplies them for a deeper local search. */
const RUNS_FACTOR = Number(process.env.PROPERTY_RUNS ?? 1) || 1;
const runs = (numRuns: number) => ({ numRuns: Math.max(1, Math.round(numRuns * RUNS_FACTOR)) });

interface WireError {
  message: string;
  extensions?: Record<string, unknown>;
}
interface PayloadError {
  code: string;
  field: string | null;
  message: string;
  retryAfter: number | null;
}
interface Observation {
  data: Record<string, unknown> | null | undefined;
  errors: readonly WireError[] | undefined;
  before: DbSnapshot;
  after: DbSnapshot;
  delta: Partial<Record<WatchedTable, number>>;
}

const internalErrors = (errors: readonly WireError[] | undefined) =>
  (errors ?? []).filter((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR');

/** Every refusal is a payload error with a code of the UserErrorCode enum and a message; INVALID_INPUT names one of the input's fields. */
function expectUserErrors(errors: PayloadError[], fields: string[]): void {
  for (const error of errors) {
    expect(USER_ERROR_CODES.has(error.code), `unknown code ${error.code}`).toBe(true);
    expect(typeof error.message === 'string' && error.message.length > 0).toBe(true);
    if (error.code === UserErrorCode.INVALID_INPUT) expect(fields).toContain(error.field);
    if (error.code === UserErrorCode.RATE_LIMITED) expect(error.retryAfter).toBeGreaterThan(0);
  }
}

/** A refused request changed no row count in any watched table, and no account or session row. */
function expectUnchanged(observed: Observation): void {
  expect(observed.delta).toEqual({});
  expect(observed.after.accounts).toBe(observed.before.accounts);
}

/** Drops keys whose value is undefined, so "omitted" really is omitted from the variables. */
const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

/**
 * U+0000 is taken out of the strings of the general properties below and given properties of its
 * own ("a U+0000 in ..."), so that the one bug it triggers (see there) does not hide others.
 */
const sansNul = (arbitrary: fc.Arbitrary<string>) => arbitrary.map((value) => value.replaceAll('\u0000', ''));

/** Anything a client may type into a string field (but U+0000, see above). */
const hostileString = (...extra: fc.Arbitrary<string>[]) =>
  sansNul(fc.oneof(anyUnicode, fc.constant(''), whitespace, veryLong, numberAsString, phoneLookalike, ...extra));

/** A value with one to three U+0000 put in at any position (either end included). */
const withNul = (value: string) =>
  fc
    .tuple(fc.nat({ max: value.length }), fc.integer({ min: 1, max: 3 }))
    .map(([at, count]) => value.slice(0, at) + '\u0000'.repeat(count) + value.slice(at));

describe('properties through executeOperation (default rate limits, one IP per call)', () => {
  const t = useTestApp();
  let calls = 0;
  const verified = { email: 'kate.smith@example.com', password: 'correct horse battery', token: '', userId: '' };
  const unverified = { email: 'oskar.io@example.org', password: 'correct horse battery', code: '' };

  const passwords = new Map([
    [verified.email, verified.password],
    [unverified.email, unverified.password],
  ]);

  beforeAll(async () => {
    const v = await t.registerVerified({ email: verified.email, password: verified.password });
    verified.token = v.token;
    verified.userId = v.user.id;
    const u = await t.register({ email: unverified.email, password: unverified.password });
    unverified.code = await t.latestCode(u.user.phoneNumber);
  });

  /**
   * Runs one operation as its own caller: a fresh IP each time, so per-IP limits never bite and
   * only the per-phone and per-email limits (which are about the input) can answer RATE_LIMITED.
   */
  async function observe(
    document: DocumentNode,
    variables: Record<string, unknown>,
    token?: string,
  ): Promise<Observation> {
    calls += 1;
    // Its own /64: per-IP limits count an IPv6 client by its network.
    const ip = `2001:db8:${Math.floor(calls / 0x10000).toString(16)}:${(calls % 0x10000).toString(16)}::1`;
    const before = await snapshotDb(t.app.database.db);
    const contextValue = await t.app.createContext({
      requestId: `property-${calls}`,
      ip,
      token,
      cookies: new SessionCookies(false),
    });
    const response = await t.app.apollo.executeOperation({ query: document, variables }, { contextValue });
    await t.app.settled();
    const after = await snapshotDb(t.app.database.db);
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const { data, errors } = response.body.singleResult;
    return {
      data,
      errors: errors as readonly WireError[] | undefined,
      before,
      after,
      delta: countDelta(before, after),
    };
  }

  /** Well-typed variables never produce a GraphQL error, least of all an internal one. */
  function expectNoGraphQLErrors(observed: Observation): void {
    expect(internalErrors(observed.errors), 'INTERNAL_SERVER_ERROR in the response').toEqual([]);
    expect(observed.errors).toBeUndefined();
    expect(observed.data).toBeTruthy();
  }

  const REGISTER_FIELDS = ['name', 'email', 'password', 'countryCode', 'phoneNumber'];

  type RegisterVariables = {
    name: string;
    email: string;
    password: string;
    countryCode?: string | null;
    phoneNumber: string;
  };

  async function checkRegistration(input: RegisterVariables): Promise<void> {
    const observed = await observe(RegisterUserDocument, { input: withoutUndefined(input) });
    expectNoGraphQLErrors(observed);
    const payload = observed.data!.registerUser as {
      user: { email: string; phoneNumber: string; verified: boolean } | null;
      message: string | null;
      errors: PayloadError[];
    };
    expectUserErrors(payload.errors, REGISTER_FIELDS);
    if (payload.errors.length === 0) {
      // Accepted: exactly one unverified user, one code, one text message.
      expect(payload.user).not.toBeNull();
      expect(payload.user!.email).toBe(normalizeEmail(input.email));
      expect(payload.user!.phoneNumber).toMatch(/^\+[1-9]\d{6,14}$/);
      expect(payload.user!.verified).toBe(false);
      expect(observed.delta).toEqual({ users: 1, verification_codes: 1, dev_outbox_messages: 1 });
    } else {
      expect(payload.user).toBeNull();
      expectUnchanged(observed);
    }
  }

  async function checkVerify(input: { email: string; code: string }): Promise<void> {
    const observed = await observe(VerifyUserDocument, { input });
    expectNoGraphQLErrors(observed);
    const payload = observed.data!.verifyUser as {
      user: unknown;
      session: { token: string } | null;
      errors: PayloadError[];
    };
    expectUserErrors(payload.errors, ['email', 'code']);
    if (payload.errors.length === 0) {
      // Only the right code for the right account gets here: verified, signed in, confirmation queued and sent.
      expect(normalizeEmail(input.email)).toBe(unverified.email);
      expect(input.code.trim()).toBe(unverified.code);
      expect(payload.session).not.toBeNull();
      expect(observed.delta).toEqual({ sessions: 1, sms_queue: 1, sms_delivery_attempts: 1, dev_outbox_messages: 1 });
    } else {
      expect(payload.session).toBeNull();
      expectUnchanged(observed);
    }
  }

  async function checkResend(input: { email: string }): Promise<void> {
    const observed = await observe(ResendCodeDocument, { input });
    expectNoGraphQLErrors(observed);
    const payload = observed.data!.resendCode as { message: string | null; errors: PayloadError[] };
    expectUserErrors(payload.errors, ['email']);
    // The answer is the same for every email: an empty error list, or RATE_LIMITED.
    for (const error of payload.errors) expect(error.code).toBe(UserErrorCode.RATE_LIMITED);
    const [row] = await execute<{ n: number | string }[]>(
      t.app.database.db,
      'select count(*) as n from users where email = ? and verified = ?',
      [normalizeEmail(input.email).replaceAll('\u0000', ''), false],
    );
    const target = Number(row.n) > 0 && !input.email.includes('\u0000');
    if (payload.errors.length > 0 || !target) {
      expectUnchanged(observed);
    } else {
      // The background send may itself be throttled per phone; if it went out: one code, one message.
      const sent = observed.delta.verification_codes ?? 0;
      expect(observed.delta).toEqual(sent === 0 ? {} : { verification_codes: 1, dev_outbox_messages: 1 });
      expect(observed.after.accounts).toBe(observed.before.accounts);
    }
  }

  async function checkLogin(input: { email: string; password: string }): Promise<void> {
    const observed = await observe(LoginDocument, { input });
    expectNoGraphQLErrors(observed);
    const payload = observed.data!.login as {
      user: { id: string } | null;
      session: { token: string } | null;
      errors: PayloadError[];
    };
    expectUserErrors(payload.errors, ['email', 'password']);
    if (payload.errors.length === 0) {
      // Only a known account's exact password, and only once that account is verified (verifyUser above may have verified the second one).
      const email = normalizeEmail(input.email);
      expect(passwords.get(email)).toBe(input.password);
      const [account] = await execute<{ id: string; verified: number | boolean }[]>(
        t.app.database.db,
        'select id, verified from users where email = ?',
        [email],
      );
      expect(Boolean(account?.verified)).toBe(true);
      expect(payload.user?.id).toBe(account.id);
      expect(observed.delta).toEqual({ sessions: 1 });
    } else {
      expect(payload.session).toBeNull();
      expectUnchanged(observed);
    }
  }

  it('registerUser: any strings in any field are accepted or refused as data, and a refusal writes nothing', async () => {
    // Calling-code-shaped countryCodes have a property of their own (below), so that one bug there
    // cannot hide others here.
    const countryCode = fc.option(
      countryCodeGarbage.filter((code) => !isCallingCodeShaped(code)),
      { nil: null, freq: 3 },
    );
    const hostile = hostileString(emailLookalike(verified.email), emailLookalike(unverified.email));
    // Names of any Unicode that pass the length rule, so that what gets stored is arbitrary too.
    const storableName = sansNul(
      fc.oneof(
        fc.string({ unit: 'binary', minLength: 3, maxLength: 60 }),
        fc.string({ unit: 'grapheme', minLength: 3, maxLength: 30 }),
      ),
    );
    const input = fc.oneof(
      plausiblePerson,
      fc.tuple(plausiblePerson, storableName).map(([person, name]) => ({ ...person, name })),
      fc
        .tuple(plausiblePerson, fc.constantFrom('name', 'email', 'password', 'phoneNumber'), hostile)
        .map(([person, field, value]) => ({ ...person, [field]: value })),
      fc.tuple(plausiblePerson, countryCode).map(([person, code]) => ({ ...person, countryCode: code })),
      fc
        .tuple(plausiblePerson, sansNul(emailLookalike(verified.email)))
        .map(([person, email]) => ({ ...person, email })),
      fc.record(
        {
          name: hostile,
          email: hostile,
          password: hostile,
          countryCode: fc.option(countryCode, { nil: undefined }),
          phoneNumber: hostile,
        },
        { requiredKeys: ['name', 'email', 'password', 'phoneNumber'] },
      ),
    );
    await fc.assert(fc.asyncProperty(input, checkRegistration), runs(100));
  });

  it('registerUser: a calling-code-shaped countryCode is accepted or refused as data, never an internal error', async () => {
    const phoneNumber = fc.oneof(
      fc.constantFrom('4155552671', '7400 123456', '612345678', '90-1234-5678', '0'),
      phoneLookalike,
    );
    const input = fc
      .tuple(plausiblePerson, callingCodeShaped, phoneNumber)
      .map(([person, countryCode, phone]) => ({ ...person, countryCode, phoneNumber: phone }));
    await fc.assert(fc.asyncProperty(input, checkRegistration), runs(40));
  });

  it('verifyUser: any email and code are answered as data, and a refusal writes nothing', async () => {
    const real = unverified.code;
    const code = fc.oneof(
      hostileString(),
      fc.stringMatching(/^\d{4,10}$/),
      fc
        .tuple(whitespace, fc.stringMatching(/^\d{6}$/), whitespace)
        .map(([left, digits, right]) => left + digits + right),
      fc.constantFrom(
        `${real} `,
        ` ${real}`,
        `${real}0`,
        real.slice(1),
        `${real.slice(0, 3)} ${real.slice(3)}`,
        [...real].map((d) => String.fromCharCode(0xff10 + Number(d))).join(''),
        [...real].map((d) => String.fromCharCode(0x0660 + Number(d))).join(''),
        `${real}\n`,
        `+${real}`,
        `${real}.0`,
      ),
    );
    const email = fc.oneof(
      hostileString(),
      sansNul(emailLookalike(unverified.email)),
      sansNul(emailLookalike(verified.email)),
    );
    await fc.assert(fc.asyncProperty(fc.record({ email, code }), checkVerify), runs(60));
  });

  it('resendCode: any email is answered alike, as data, and only an unverified account can get a new code', async () => {
    const email = fc.oneof(
      hostileString(),
      sansNul(emailLookalike(unverified.email)),
      sansNul(emailLookalike(verified.email)),
    );
    await fc.assert(fc.asyncProperty(fc.record({ email }), checkResend), runs(60));
  });

  it('login: any email and password are answered as data, and only a verified account with its password opens a session', async () => {
    const email = fc.oneof(
      hostileString(),
      sansNul(emailLookalike(verified.email)),
      sansNul(emailLookalike(unverified.email)),
    );
    const password = fc.oneof(
      hostileString(),
      fc.constantFrom(
        verified.password,
        verified.password.toUpperCase(),
        ` ${verified.password}`,
        `${verified.password} `,
        verified.password.slice(0, -1),
        `${verified.password}\u200b`,
      ),
    );
    await fc.assert(fc.asyncProperty(fc.record({ email, password }), checkLogin), runs(60));
  });

  /**
   * U+0000 is a legal character in a GraphQL string and in JSON ("\u0000"); a server may refuse
   * it, but as data, like any other bad input, not as an internal error.
   */
  describe('a U+0000 in a string field', () => {
    it('registerUser: is refused as data, or accepted, never an internal error', async () => {
      // A fresh plausible person each time, so that EMAIL_TAKEN or a per-phone limit cannot answer before the field is used.
      const input = fc
        .tuple(plausiblePerson, fc.constantFrom('name', 'email', 'password', 'phoneNumber', 'countryCode'))
        .chain(([person, field]) =>
          withNul(String(person[field as keyof typeof person] ?? '')).map((value) => ({ ...person, [field]: value })),
        );
      await fc.assert(fc.asyncProperty(input, checkRegistration), runs(25));
    });

    it('verifyUser: is refused as data, never an internal error', async () => {
      const input = fc.oneof(
        withNul(unverified.email).map((email) => ({ email, code: '123456' })),
        withNul('123456').map((code) => ({ email: unverified.email, code })),
      );
      await fc.assert(fc.asyncProperty(input, checkVerify), runs(10));
    });

    it('resendCode: is answered alike, as data, never an internal error', async () => {
      await fc.assert(
        fc.asyncProperty(
          withNul(unverified.email).map((email) => ({ email })),
          checkResend,
        ),
        runs(10),
      );
    });

    it('login: is refused as data, never an internal error', async () => {
      const input = fc.oneof(
        withNul(verified.email).map((email) => ({ email, password: verified.password })),
        withNul(verified.password).map((password) => ({ email: verified.email, password })),
      );
      await fc.assert(fc.asyncProperty(input, checkLogin), runs(10));
    });
  });

  /** Tokens a client might send: garbage, and near misses of a live one. */
  const tokenLike = () =>
    fc.oneof(
      hostileString(),
      fc.base64String({ maxLength: 64 }),
      fc.constantFrom(
        `${verified.token} `,
        ` ${verified.token}`,
        verified.token.toUpperCase(),
        verified.token.slice(1),
        verified.token.slice(0, -1),
        `${verified.token}=`,
        `Bearer ${verified.token}`,
        `session=${verified.token}`,
        Buffer.from(verified.token, 'base64url').toString('hex'),
      ),
    );

  it('me: any bearer token gives the user of a live session or null, and writes nothing', async () => {
    const token = fc.oneof(tokenLike(), fc.constant(verified.token), fc.constant(undefined));
    await fc.assert(
      fc.asyncProperty(token, async (token) => {
        const observed = await observe(MeDocument, {}, token);
        expectNoGraphQLErrors(observed);
        const me = observed.data!.me as { id: string } | null;
        if (token === verified.token) expect(me?.id).toBe(verified.userId);
        else expect(me).toBeNull();
        expectUnchanged(observed);
      }),
      runs(40),
    );
  });

  it('logout: a token that is not exactly a live one logs nothing out and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(tokenLike(), { nil: undefined }), async (token) => {
        fc.pre(token !== verified.token);
        const observed = await observe(LogoutDocument, {}, token);
        expectNoGraphQLErrors(observed);
        expect((observed.data!.logout as { loggedOut: boolean }).loggedOut).toBe(false);
        expectUnchanged(observed);
      }),
      runs(40),
    );
    // The live token still works: none of the near misses revoked it.
    expect((await observe(MeDocument, {}, verified.token)).data!.me).toMatchObject({ id: verified.userId });
  });

  it('requestPasswordReset: any email is answered alike, as data, and only a verified account can get a code', async () => {
    const email = fc.oneof(
      hostileString(),
      sansNul(emailLookalike(verified.email)),
      sansNul(emailLookalike(unverified.email)),
      withNul(verified.email),
    );
    await fc.assert(
      fc.asyncProperty(email, async (email) => {
        const observed = await observe(RequestPasswordResetDocument, { input: { email } });
        expectNoGraphQLErrors(observed);
        const payload = observed.data!.requestPasswordReset as { errors: PayloadError[] };
        expectUserErrors(payload.errors, ['email']);
        for (const error of payload.errors) expect(error.code).toBe(UserErrorCode.RATE_LIMITED);
        const sent = observed.delta.verification_codes ?? 0;
        // Only to a verified account: the verifyUser property may have verified the other one by now.
        if (sent > 0) {
          const [account] = await execute<{ verified: number | boolean }[]>(
            t.app.database.db,
            'select verified from users where email = ?',
            [normalizeEmail(email)],
          );
          expect(account?.verified).toBeTruthy();
        }
        expect(observed.delta).toEqual(sent === 0 ? {} : { verification_codes: 1, dev_outbox_messages: 1 });
        expect(observed.after.accounts).toBe(observed.before.accounts);
      }),
      runs(40),
    );
  });

  it('resetPassword: any email, code and password are refused as data without a code, and write nothing', async () => {
    const input = fc.record({
      email: fc.oneof(hostileString(), sansNul(emailLookalike(verified.email)), fc.constant(verified.email)),
      code: fc.oneof(hostileString(), fc.stringMatching(/^\d{4,10}$/)),
      newPassword: fc.oneof(hostileString(), fc.constant('a perfectly good passphrase')),
    });
    await fc.assert(
      fc.asyncProperty(input, async (input) => {
        const observed = await observe(ResetPasswordDocument, { input });
        expectNoGraphQLErrors(observed);
        const payload = observed.data!.resetPassword as { session: unknown; errors: PayloadError[] };
        expectUserErrors(payload.errors, ['email', 'code', 'newPassword']);
        // A right code is one in a million; a wrong one only counts a try on the code it missed.
        expect(payload.errors.length).toBeGreaterThan(0);
        expect(payload.session).toBeNull();
        expectUnchanged(observed);
      }),
      runs(40),
    );
  });

  it('the signed-in mutations: any input, with or without a session, is refused as data and writes nothing', async () => {
    const operation = fc.oneof(
      hostileString().map((password) => ({
        document: DeleteAccountDocument as DocumentNode,
        variables: { input: { password } },
        fields: ['password'],
      })),
      fc
        .record({
          password: hostileString(),
          phoneNumber: hostileString(),
          countryCode: fc.option(hostileString(), { nil: undefined }),
        })
        .map((input) => ({
          document: StartPhoneChangeDocument as DocumentNode,
          variables: { input: withoutUndefined(input) },
          fields: ['password', 'phoneNumber', 'countryCode'],
        })),
      hostileString().map((code) => ({
        document: ConfirmPhoneChangeDocument as DocumentNode,
        variables: { input: { code } },
        fields: ['code'],
      })),
      fc.oneof(hostileString(), fc.uuid()).map((id) => ({
        document: RevokeSessionDocument as DocumentNode,
        variables: { input: { id } },
        fields: ['id'],
      })),
    );
    await fc.assert(
      fc.asyncProperty(
        operation,
        fc.option(tokenLike(), { nil: undefined }),
        fc.boolean(),
        async ({ document, variables, fields }, token, signedIn) => {
          const observed = await observe(document, variables, signedIn ? verified.token : token);
          expectNoGraphQLErrors(observed);
          const [payload] = Object.values(observed.data!) as {
            errors: PayloadError[];
            deleted?: boolean;
            revoked?: boolean;
          }[];
          expectUserErrors(payload.errors, fields);
          if (!signedIn && token !== verified.token)
            expect(payload.errors.map((error) => error.code)).toContain(UserErrorCode.NOT_SIGNED_IN);
          expect(payload.deleted ?? payload.revoked ?? false).toBe(false);
          expectUnchanged(observed);
        },
      ),
      runs(60),
    );
    expect((await observe(MeDocument, {}, verified.token)).data!.me).toMatchObject({ id: verified.userId });
  });
});

describe('properties over real HTTP (per-IP limits off)', () => {
  // Every request here comes from 127.0.0.1. With the per-IP limits on, after a few dozen calls
  // each operation would answer RATE_LIMITED before reading its input, and the properties would
  // only exercise the limiter. Per-phone and per-email limits stay on: they are about the input.
  const t = useTestApp({
    RATE_LIMIT_REGISTER_IP: 'off',
    RATE_LIMIT_RESEND_IP: 'off',
    RATE_LIMIT_VERIFY_IP: 'off',
    RATE_LIMIT_LOGIN_IP: 'off',
    LOGIN_IP_LOCKOUT: 'off',
  });

  interface RawRequest {
    method?: string;
    body?: string | Uint8Array;
    headers?: Record<string, string>;
    search?: string;
  }

  async function send({
    method = 'POST',
    body,
    headers = { 'content-type': 'application/json' },
    search = '',
  }: RawRequest) {
    const response = await fetch(t.url + search, { method, headers, body });
    const text = await response.text();
    await t.app.settled();
    return { status: response.status, text };
  }

  /** Not a 5xx, and a JSON body. */
  function expectClientOrOk({ status, text }: { status: number; text: string }): void {
    expect(status, text.slice(0, 500)).toBeLessThan(500);
    expect(() => JSON.parse(text), `not JSON: ${text.slice(0, 200)}`).not.toThrow();
  }

  // Raw JSON text is assembled by hand so that keys such as "__proto__" and duplicate keys reach the server as written.
  const jsonText = (value: unknown) => JSON.stringify(value) ?? 'null';
  const objectText = (entries: [string, string][]) =>
    `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;

  const httpString = fc.oneof(
    anyUnicode,
    fc.constant(''),
    whitespace,
    veryLong,
    numberAsString,
    phoneLookalike,
    emailLookalike('kate.smith@example.com'),
  );
  const wrongType = fc.oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
    fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  );
  const valueText = fc.oneof(wrongType.map(jsonText), httpString.map(jsonText));
  const extraKey = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'hasOwnProperty',
      'input',
      'countryCode',
      'authyId',
      'verified',
      'id',
    ),
  );

  const OPERATIONS: { name: string; document: DocumentNode; fields: string[] }[] = [
    {
      name: 'RegisterUser',
      document: RegisterUserDocument,
      fields: ['name', 'email', 'password', 'countryCode', 'phoneNumber'],
    },
    { name: 'VerifyUser', document: VerifyUserDocument, fields: ['email', 'code'] },
    { name: 'ResendCode', document: ResendCodeDocument, fields: ['email'] },
    { name: 'Login', document: LoginDocument, fields: ['email', 'password'] },
    { name: 'Logout', document: LogoutDocument, fields: [] },
    { name: 'Me', document: MeDocument, fields: [] },
  ];

  /** An `input` object: fields present or missing, of any JSON type, duplicated, or joined by extra keys. */
  const inputText = (fields: string[]) =>
    fc.oneof(
      // Every field a string, hostile or not: the resolvers run.
      {
        arbitrary: fc
          .tuple(...fields.map(() => httpString))
          .map((values) => objectText(fields.map((field, i) => [field, jsonText(values[i])]))),
        weight: 3,
      },
      // Every field present, one of them of the wrong type.
      fc
        .tuple(fc.tuple(...fields.map(() => httpString)), fc.nat(), wrongType)
        .map(([values, at, wrong]) =>
          objectText(
            fields.map((field, i) => [field, jsonText(i === at % Math.max(1, fields.length) ? wrong : values[i])]),
          ),
        ),
      // Any subset of the fields, extra keys, duplicates, any types.
      fc
        .array(fc.tuple(fields.length > 0 ? fc.oneof(fc.constantFrom(...fields), extraKey) : extraKey, valueText), {
          maxLength: fields.length + 3,
        })
        .map(objectText),
      wrongType.map(jsonText),
    );

  const variablesText = (fields: string[]) =>
    fc.oneof(
      { arbitrary: inputText(fields).map((input) => objectText([['input', input]])), weight: 3 },
      fc.tuple(inputText(fields), extraKey, valueText).map(([input, key, value]) =>
        objectText([
          ['input', input],
          [key, value],
        ]),
      ),
      fc.constantFrom('{}', '{"input":null}', 'null', '[]', '"{\\"input\\":{}}"', '0', 'true'),
      wrongType.map(jsonText),
    );

  /** `extensions` as clients send it: mostly absent; otherwise of any type, or an automatic-persisted-query hash (right or wrong). */
  const extensionsText = fc.oneof(
    wrongType.map(jsonText),
    fc
      .record({
        version: fc.oneof(fc.constant(1), wrongType),
        sha256Hash: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string(), wrongType),
      })
      .map((persistedQuery) => jsonText({ persistedQuery })),
  );

  const operationBody = fc
    .tuple(
      fc.constantFrom(...OPERATIONS),
      // Mostly absent or right, so that most requests reach the resolvers.
      fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 3 },
        { arbitrary: fc.constant('right'), weight: 2 },
        {
          arbitrary: fc.oneof(fc.constantFrom('RegisterUser', 'Login', 'Me', ''), fc.string(), wrongType).map(jsonText),
          weight: 1,
        },
      ),
      fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: extensionsText, weight: 1 }),
    )
    .chain(([operation, operationName, extensions]) =>
      variablesText(operation.fields).map((variables) => {
        const entries: [string, string][] = [
          ['query', jsonText(print(operation.document))],
          ['variables', variables],
        ];
        if (operationName !== undefined)
          entries.push(['operationName', operationName === 'right' ? jsonText(operation.name) : operationName]);
        if (extensions !== undefined) entries.push(['extensions', extensions]);
        return objectText(entries);
      }),
    )
    .filter((body) => Buffer.byteLength(body) < MAX_BODY_BYTES);

  it('wrong types, missing and extra fields, unicode and huge strings in variables: never a 5xx, always JSON', async () => {
    await fc.assert(
      fc.asyncProperty(operationBody, async (body) => {
        expectClientOrOk(await send({ body }));
      }),
      runs(120),
    );
  });

  it("a request refused with a 4xx is labelled as the client's mistake, never as INTERNAL_SERVER_ERROR", async () => {
    // Automatic persisted queries are on (Apollo's default): a hash that does not match the query,
    // or an unknown version, is the client's mistake as much as a syntax error is.
    const body = fc.oneof(
      operationBody,
      fc
        .tuple(
          fc.option(fc.constantFrom(...OPERATIONS.map((o) => print(o.document))), { nil: undefined }),
          extensionsText,
        )
        .map(([query, extensions]) =>
          objectText([
            ...(query === undefined ? [] : [['query', jsonText(query)] as [string, string]]),
            ['extensions', extensions],
          ]),
        ),
    );
    await fc.assert(
      fc.asyncProperty(body, async (body) => {
        const { status, text } = await send({ body });
        fc.pre(status >= 400 && status < 500);
        const { errors = [] } = JSON.parse(text) as { errors?: WireError[] };
        expect(internalErrors(errors), `${status} ${text.slice(0, 300)}`).toEqual([]);
      }),
      runs(60),
    );
  });

  it('any JSON value as the whole body, or as query/variables/operationName: never a 5xx, always JSON', async () => {
    const body = fc.oneof(
      fc.jsonValue().map(jsonText),
      fc
        .record(
          { query: fc.oneof(wrongType, fc.string(), anyUnicode), variables: fc.jsonValue({ maxDepth: 2 }) },
          { requiredKeys: [] },
        )
        .map(jsonText),
      fc
        .record(
          {
            query: fc.constantFrom(...OPERATIONS.map((o) => print(o.document))),
            operationName: fc.jsonValue({ maxDepth: 1 }),
            variables: fc.jsonValue({ maxDepth: 2 }),
          },
          { requiredKeys: ['query'] },
        )
        .map(jsonText),
      fc.array(fc.record({ query: fc.constant('{ me { id } }') }), { maxLength: 3 }).map(jsonText),
      fc
        .string({
          unit: fc.constantFrom(
            '{',
            '}',
            '(',
            ')',
            'me',
            'id',
            'mutation',
            'logout',
            'loggedOut',
            ' ',
            '...',
            '$x',
            ':',
            '@skip',
            '"',
            'query',
            'fragment F on User',
            '__typename',
          ),
        })
        .map((query) => jsonText({ query })),
    );
    await fc.assert(
      fc.asyncProperty(body, async (body) => {
        expectClientOrOk(await send({ body }));
      }),
      runs(100),
    );
  });

  it('random bytes sent as application/json: never a 5xx, always JSON', async () => {
    const contentType = fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'application/graphql-response+json',
      'APPLICATION/JSON',
    );
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 4096 }),
      // Bytes that start like a real request and turn to noise.
      fc
        .uint8Array({ maxLength: 256 })
        .map((noise) =>
          Buffer.concat([Buffer.from('{"query":"mutation { logout { loggedOut } }","variables":'), noise]),
        ),
    );
    await fc.assert(
      fc.asyncProperty(bytes, contentType, async (body, type) => {
        expectClientOrOk(await send({ body, headers: { 'content-type': type } }));
      }),
      runs(80),
    );
  });

  it('any Authorization, Cookie and Content-Type header on a valid request: never a 5xx, always JSON', async () => {
    // What fetch can send and an HTTP/1.1 parser accepts in a header value: HTAB, visible ASCII, space, obs-text.
    const headerValue = fc.string({
      unit: fc
        .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09))
        .map((c) => String.fromCharCode(c)),
      maxLength: 200,
    });
    const headers = fc.record(
      {
        authorization: fc.oneof(
          headerValue,
          headerValue.map((v) => `Bearer ${v}`),
          fc.constantFrom('Bearer', 'Bearer ', 'Basic Zm9vOmJhcg=='),
        ),
        cookie: fc.oneof(
          headerValue,
          headerValue.map((v) => `session=${v}`),
          fc.constantFrom('session=', 'session', '=;=;session==;', 'session=a; session=b'),
        ),
        'content-type': fc.oneof(
          fc.constantFrom(
            'application/json',
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data',
            'application/graphql',
          ),
          headerValue,
        ),
      },
      { requiredKeys: [] },
    );
    const body = fc.constantFrom(
      ...[MeDocument, LogoutDocument].map((document) => jsonText({ query: print(document) })),
    );
    await fc.assert(
      fc.asyncProperty(headers, body, async (headers, body) => {
        expectClientOrOk(await send({ body, headers: { ...headers } }));
      }),
      runs(80),
    );
  });

  it('GET with any query string: never a 5xx, always JSON', async () => {
    const param = fc.oneof(
      anyUnicode,
      fc.constantFrom(...OPERATIONS.map((o) => print(o.document))),
      fc.jsonValue({ maxDepth: 2 }).map(jsonText),
    );
    const search = fc
      .array(fc.tuple(fc.constantFrom('query', 'variables', 'operationName', 'extensions', 'x', ''), param), {
        maxLength: 4,
      })
      .map((pairs) => `?${new URLSearchParams(pairs).toString()}`);
    const headers = fc.constantFrom<Record<string, string>>(
      {},
      { 'apollo-require-preflight': 'true' },
      { 'content-type': 'application/json' },
      { 'x-apollo-operation-name': 'Me' },
    );
    await fc.assert(
      fc.asyncProperty(search, headers, async (search, headers) => {
        expectClientOrOk(await send({ method: 'GET', search, headers }));
      }),
      runs(60),
    );
  });

  it('a body over the limit, declared or chunked: 413 with a JSON body, and the connection stays usable or is closed', async () => {
    const port = Number(new URL(t.url).port);
    const small = Buffer.from(jsonText({ query: '{ me { id } }' }));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(MAX_BODY_BYTES + 1, 150_000, 200_000, 300_000, 400_000),
        fc.option(fc.constantFrom(1_024, 16_384, 65_536, 1_000_000), { nil: undefined }),
        async (size, chunkSize) => {
          const oversized = Buffer.from(jsonText({ query: '{ me { id } }', variables: { pad: 'x'.repeat(size) } }));
          const first = rawPost(oversized, chunkSize === undefined ? { chunked: false } : { chunked: true, chunkSize });
          // As a keep-alive client does: the next request goes on the same connection once the 413 is in.
          const { responses, ended } = await exchangeOnOneConnection(
            port,
            [first, rawPost(small, { chunked: false })],
            1_000,
          );
          expect(responses[0]?.status, `no response to the oversized request (${ended})`).toBe(413);
          expect(() => JSON.parse(responses[0].body)).not.toThrow();
          if (/close/i.test(responses[0].headers.connection ?? '')) {
            // Announced: closing (with or without reading the rest) is fine.
            expect(['closed', 'reset']).toContain(ended);
          } else {
            // Kept alive, so the server must read and answer what comes next.
            expect(
              responses[1]?.status,
              `the connection was kept alive after the 413, but the next request on it got no answer (${ended})`,
            ).toBe(200);
            expect(JSON.parse(responses[1].body)).toEqual({ data: { me: null } });
          }
        },
      ),
      runs(8),
    );
  });
});
