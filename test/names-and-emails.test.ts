import { describe, expect, it } from 'vitest';
import { LoginDocument, MeDocument, RegisterUserDocument } from '../client/generated/graphql';
import { normalizeEmail } from '../src/users/email';
import { errorCodes } from './support/outcomes';
import { aPerson, useTestApp } from './support/test-app';

describe('names', () => {
  const t = useTestApp();
  const register = async (name: string) =>
    (await t.execute(RegisterUserDocument, { input: { ...aPerson(), name } })).registerUser;

  it.each([
    ['Li', 'Li'],
    ['Bo', 'Bo'],
    ['李', '李'],
    ['Ó', 'Ó'],
    ['O with a combining acute', 'O\u0301'],
    ['José with a combining acute', 'Jose\u0301 Ramírez'],
    ['padded', '  Li  '],
    ['Persian with a ZWNJ', 'علی\u200cرضا'],
    ['the longest allowed', 'x'.repeat(100)],
  ])('accepts a name of visible characters in any script: %s', async (_, name) => {
    const { errors, user } = await register(name);
    expect(errors).toEqual([]);
    expect(user).not.toBeNull();
    const stored = await t.app.orm.em.fork().getConnection().execute('select name from users where id = ?', [user!.id]);
    expect(stored[0].name).toBe(name.trim());
  });

  it.each([
    ['empty', '', /at least one visible character/],
    ['spaces only', '   ', /at least one visible character/],
    ['an ideographic space only', '\u3000', /at least one visible character/],
    ['a Hangul filler only', '\u3164', /at least one visible character/],
    ['a combining mark alone', '\u0301', /at least one visible character/],
    ['a zero-width space', 'Li\u200b', /invisible, control or text-direction/],
    ['a zero-width space alone', '\u200b', /invisible, control or text-direction/],
    ['a right-to-left override', '\u202eLi', /invisible, control or text-direction/],
    ['a NUL', 'Li\u0000', /invisible, control or text-direction/],
    ['one past the maximum', 'x'.repeat(101), /at most 100/],
  ])('refuses a name that is %s, and keeps nothing', async (_, name, why) => {
    const { errors, user } = await register(name);
    expect(user).toBeNull();
    expect(errors).toEqual([
      { code: 'INVALID_INPUT', field: 'name', message: expect.stringMatching(why), retryAfter: null },
    ]);
  });
});

describe('internationalised emails', () => {
  const t = useTestApp();

  it('stores the domain in one ASCII form, so the Unicode and punycode spellings are one account', async () => {
    const person = aPerson();
    const { registerUser } = await t.execute(RegisterUserDocument, {
      input: { ...person, email: 'Üser@Exämple.com' },
    });
    expect(registerUser.errors).toEqual([]);
    // Served through the EmailAddress scalar as stored: the local part as typed (NFC, lower case), the domain in ASCII.
    expect(registerUser.user?.email).toBe('üser@xn--exmple-cua.com');

    for (const email of ['üser@xn--exmple-cua.com', 'u\u0308ser@exämple.com', 'ÜSER@XN--EXMPLE-CUA.COM']) {
      const again = await t.execute(RegisterUserDocument, { input: { ...aPerson(), email } });
      expect(errorCodes(again.registerUser)).toEqual(['EMAIL_TAKEN']);
    }
  });

  it('signs in and shows `me` with any spelling of the address', async () => {
    const { input, user } = await t.registerVerified({ email: 'δοκιμή@παράδειγμα.δοκιμή' });
    expect(user.email).toBe(normalizeEmail('δοκιμή@παράδειγμα.δοκιμή'));
    expect(user.email).toMatch(/^δοκιμή@xn--[a-z0-9-]+\.xn--[a-z0-9-]+$/);
    const { login } = await t.execute(LoginDocument, { input: { email: user.email, password: input.password } });
    expect(login.errors).toEqual([]);
    expect((await t.execute(MeDocument, {}, { token: login.session!.token })).me?.email).toBe(user.email);
  });

  it.each([
    ['no domain dot', 'üser@exämple'],
    ['a space in the local part', 'ü ser@exämple.com'],
    ['an invisible character', 'üser\u200b@exämple.com'],
    ['a domain IDNA refuses', 'user@xn--a.com'],
    ['a quoted local part', '"john doe"@example.com'],
  ])('refuses an address with %s, saying what is accepted', async (_, email) => {
    const { registerUser } = await t.execute(RegisterUserDocument, { input: { ...aPerson(), email } });
    expect(registerUser.errors).toEqual([
      {
        code: 'INVALID_INPUT',
        field: 'email',
        message: expect.stringMatching(/valid email address.*name@example\.com/),
        retryAfter: null,
      },
    ]);
  });

  it('says how long an address may be when one is too long', async () => {
    const email = `${'a'.repeat(300)}@example.com`;
    const { registerUser } = await t.execute(RegisterUserDocument, { input: { ...aPerson(), email } });
    expect(registerUser.errors).toEqual([
      expect.objectContaining({ field: 'email', message: expect.stringMatching(/at most 254 characters/) }),
    ]);
  });
});
