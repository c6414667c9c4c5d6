import { describe, expect, it } from 'vitest';
import { LoginDocument } from '../client/generated/graphql';
import { fakeClock } from './support/clock';
import { useTestApp } from './support/test-app';
import { errorCodes } from './support/outcomes';

describe('failed logins slow down, then lock', () => {
  const time = fakeClock();
  const t = useTestApp({ LOGIN_IP_LOCKOUT: '5/1h' }, { clock: time.clock });

  const login = async (email: string, password: string, ip?: string) =>
    (await t.execute(LoginDocument, { input: { email, password } }, { ip })).login;

  it('makes an account wait a minute after 3 failures, even for the right password', async () => {
    const { input } = await t.registerVerified();
    for (let i = 0; i < 3; i++)
      expect(errorCodes(await login(input.email, 'wrong password'))).toEqual(['INVALID_CREDENTIALS']);
    const slowed = await login(input.email, input.password);
    expect(slowed.session).toBeNull();
    expect(slowed.errors).toEqual([expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 60 })]);
    time.advance(60_000);
    expect(errorCodes(await login(input.email, input.password))).toEqual([]);
  });

  it('locks an account for the rest of the hour after 10 failures', async () => {
    const { input } = await t.registerVerified();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 3; i++) await login(input.email, 'wrong password');
      time.advance(60_000);
    }
    expect(errorCodes(await login(input.email, 'wrong password'))).toEqual(['INVALID_CREDENTIALS']);
    time.advance(60_000);
    const locked = await login(input.email, input.password);
    expect(locked.errors).toEqual([expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 3600 - 4 * 60 })]);
    time.advance(3600_000);
    expect(errorCodes(await login(input.email, input.password))).toEqual([]);
  });

  it('counts guesses sent all at once, before any of them is checked', async () => {
    const { input } = await t.registerVerified();
    const results = await Promise.all(Array.from({ length: 12 }, () => login(input.email, 'wrong password')));
    const answers = results.map(errorCodes).map(([code]) => code);
    expect(answers.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(3);
    expect(answers.filter((code) => code === 'RATE_LIMITED')).toHaveLength(9);
  });

  it('forgets failures after a successful login', async () => {
    const { input } = await t.registerVerified();
    for (let i = 0; i < 2; i++) await login(input.email, 'wrong password');
    expect(errorCodes(await login(input.email, input.password))).toEqual([]);
    for (let i = 0; i < 2; i++) await login(input.email, 'wrong password');
    expect(errorCodes(await login(input.email, input.password))).toEqual([]);
  });

  it('locks an IP that fails across many accounts', async () => {
    const ip = '203.0.113.5';
    for (let i = 0; i < 5; i++)
      expect(errorCodes(await login(`guess${i}@example.com`, 'password1', ip))).toEqual(['INVALID_CREDENTIALS']);
    const { input } = await t.registerVerified();
    expect(errorCodes(await login(input.email, input.password, ip))).toEqual(['RATE_LIMITED']);
    expect(errorCodes(await login(input.email, input.password))).toEqual([]);
  });

  it('treats unknown emails exactly like real ones', async () => {
    const { input } = await t.registerVerified();
    const real: string[][] = [];
    const unknown: string[][] = [];
    for (let i = 0; i < 4; i++) {
      real.push(errorCodes(await login(input.email, 'wrong password')));
      unknown.push(errorCodes(await login('no-such-person@example.com', 'wrong password')));
    }
    expect(unknown).toEqual(real);
    expect(real.at(-1)).toEqual(['RATE_LIMITED']);
  });
});
