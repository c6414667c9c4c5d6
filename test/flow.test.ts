import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  LoginDocument,
  LogoutDocument,
  MeDocument,
  RegisterUserDocument,
  ResendCodeDocument,
  VerifyUserDocument,
} from '../client/generated/graphql';
import { User } from '../src/users/user.entity';
import { fakeClock } from './support/clock';
import { startRig, type ProviderName, type TransportName, useRig } from './support/rig';

const combinations: [ProviderName, TransportName][] = [
  ['local', 'outbox'],
  ['local', 'twilio'],
  ['twilio-verify', 'outbox'],
  ['twilio-verify', 'twilio'],
  ['authy', 'outbox'],
  ['authy', 'twilio'],
];

describe.each(combinations)('the signup flow with the %s provider and the %s transport', (provider, transport) => {
  const time = fakeClock();
  beforeAll(() => {
    asyncContextEntries.length = 0;
  });
  // One combination signs in to Twilio with an API key and secret, as the tutorial did.
  const rig = useRig(provider, transport, { apiKeyAuth: provider === 'authy', overrides: { clock: time.clock } });

  it('registers, verifies by SMS code, signs in and out, and back in', async () => {
    const { t } = rig;
    const input = {
      name: 'Grace Hopper',
      email: 'Grace@Example.com',
      password: 'cobol-1959!',
      countryCode: '+1',
      phoneNumber: '(415) 555-2671',
    };
    const phone = '+14155552671';

    const { registerUser } = await t.execute(RegisterUserDocument, { input });
    expect(registerUser.errors).toEqual([]);
    expect(registerUser.message).toBe('A verification code was sent to your phone.');
    expect(registerUser.user).toMatchObject({
      name: 'Grace Hopper',
      email: 'grace@example.com',
      phoneNumber: phone,
      verified: false,
    });

    const code = await t.latestCode(phone);
    const wrong = code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    const refused = await t.execute(VerifyUserDocument, { input: { email: input.email, code: wrong } });
    expect(refused.verifyUser.errors.map((e) => e.code)).toEqual(['INVALID_CODE']);
    expect(refused.verifyUser.session).toBeNull();

    const { verifyUser, cookies } = await t.execute(VerifyUserDocument, { input: { email: input.email, code } });
    expect(verifyUser.errors).toEqual([]);
    expect(verifyUser.user?.verified).toBe(true);
    const token = verifyUser.session!.token;
    expect(cookies[0]).toMatch(/^session=[\w-]+; Path=\/; Expires=.+; HttpOnly; SameSite=Lax$/);

    expect((await t.execute(MeDocument, {}, { token })).me).toMatchObject({
      email: 'grace@example.com',
      verified: true,
    });
    expect((await t.messagesTo(phone))[0]).toBe('You did it! Signup complete :)');

    expect((await t.execute(LogoutDocument, {}, { token })).logout.loggedOut).toBe(true);
    expect((await t.execute(MeDocument, {}, { token })).me).toBeNull();

    const { login } = await t.execute(LoginDocument, {
      input: { email: 'grace@example.com', password: input.password },
    });
    expect(login.errors).toEqual([]);
    expect((await t.execute(MeDocument, {}, { token: login.session!.token })).me?.name).toBe('Grace Hopper');
  });

  it('resends a code that then verifies the account', async () => {
    const { t } = rig;
    const { input, user } = await t.register({ phoneNumber: '4155552672' });
    time.advance(30_000);
    const sendsBefore = await codeSends(user.phoneNumber);
    const { resendCode } = await t.execute(ResendCodeDocument, { input: { email: input.email } });
    expect(resendCode).toMatchObject({ message: 'Verification code re-sent', errors: [] });
    // A second code really went out (the first one would still verify).
    expect(await codeSends(user.phoneNumber)).toBe(sendsBefore + 1);
    const { verifyUser } = await t.execute(VerifyUserDocument, {
      input: { email: input.email, code: await t.latestCode(user.phoneNumber) },
    });
    expect(verifyUser.errors).toEqual([]);
    if (provider === 'authy') {
      // One Authy user per person: the resend reused the id kept at registration.
      const stored = await t.app.orm.em.fork().findOneOrFail(User, user.id);
      expect(rig.authy.users.filter((u) => u.id === stored.authyId)).toHaveLength(1);
      expect(
        rig.authy.requests.filter(
          (r) => r.path === '/protected/json/users/new' && r.form['user[email]'] === input.email,
        ),
      ).toHaveLength(1);
    }
  });

  /** Codes sent to a phone, as the provider in use sees them. */
  async function codeSends(phoneNumber: string): Promise<number> {
    if (provider === 'twilio-verify') return rig.twilio.verify.latest(phoneNumber)?.sends.length ?? 0;
    if (provider === 'authy') return rig.authy.requests.filter((r) => r.path.startsWith('/protected/json/sms/')).length;
    return (await rig.t.messagesTo(phoneNumber)).length;
  }

  it('answers me with null for a caller without a session', async () => {
    expect((await rig.t.execute(MeDocument, {})).me).toBeNull();
  });

  it('never entered an AsyncLocalStorage on the way', async () => {
    // On Node 20 the first one switches on promise hooks for the rest of the process, and every
    // request afterwards is slower (docs/BENCHMARKS.md). MikroORM enters one in em.transactional
    // and in every flush; src/db/transaction.ts is the way around them.
    await rig.t.app.settled();
    expect(asyncContextEntries).toEqual([]);
  });
});

/** Where code outside the tests entered an AsyncLocalStorage, recorded from here on. */
const asyncContextEntries: string[] = [];
beforeAll(() => {
  for (const method of ['run', 'enterWith'] as const) {
    const original = AsyncLocalStorage.prototype[method] as (...args: unknown[]) => unknown;
    vi.spyOn(AsyncLocalStorage.prototype, method).mockImplementation(function (
      this: AsyncLocalStorage<unknown>,
      ...args: unknown[]
    ) {
      asyncContextEntries.push(new Error().stack?.split('\n').slice(2, 6).join(' <- ') ?? method);
      return original.apply(this, args);
    });
  }
});
afterAll(() => vi.restoreAllMocks());

describe('which upstream each combination talked to', () => {
  it.each(combinations)('%s + %s sent requests only where configured', async (provider, transport) => {
    const rig = await startRig(provider, transport);
    try {
      await rig.t.registerVerified();
      const twilioPaths = rig.twilio.requests.map((r) => r.path.split('/').slice(0, 3).join('/'));
      expect(twilioPaths.some((p) => p.startsWith('/verify/v2'))).toBe(provider === 'twilio-verify');
      expect(twilioPaths.some((p) => p.startsWith('/api/2010-04-01'))).toBe(transport === 'twilio');
      expect(rig.authy.requests.length > 0).toBe(provider === 'authy');
    } finally {
      await rig.close();
    }
  });
});
