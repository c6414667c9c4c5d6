import { describe, expect, it, vi } from 'vitest';
import { LoginDocument, RequestPasswordResetDocument, ResendCodeDocument } from '../client/generated/graphql';
import { PasswordHasher } from '../src/users/password';
import { User } from '../src/users/user.entity';
import { UserStore } from '../src/users/user.store';
import { fakeClock } from './support/clock';
import { FaultySms } from './support/faulty-sms';
import { postGraphQL } from './support/http-client';
import { aPerson, useTestApp } from './support/test-app';

const ROUNDS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Similar enough that a difference hides in network noise: within 20 ms, or within half of the slower. */
function expectSimilar(a: number, b: number) {
  expect(Math.abs(a - b)).toBeLessThan(Math.max(20, 0.5 * Math.max(a, b)));
}

describe('no account enumeration', () => {
  const time = fakeClock();
  const sms = new FaultySms();
  let ipCounter = 0;
  // Behind one trusted proxy: each call below comes from its own forwarded address.
  const t = useTestApp({ TRUST_PROXY: '1' }, { clock: time.clock, wrapSms: sms.wrap });

  const timed = async <T>(run: () => Promise<T>) => {
    const started = performance.now();
    const result = await run();
    return { result, ms: performance.now() - started };
  };
  const fromNewIp = () => ({ 'x-forwarded-for': `198.51.100.${++ipCounter}` });

  it('resendCode answers unknown, verified and unverified emails with the same payload', async () => {
    const unverified: string[] = [];
    const verified: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      unverified.push((await t.register()).input.email);
      verified.push((await t.registerVerified()).input.email);
    }
    // Past the phones' cooldown, so the unverified accounts really get a new code, from a slow provider.
    time.advance(30_000);
    sms.latencyMs = 100;
    const bodies = new Set<string>();
    for (let i = 0; i < ROUNDS; i++) {
      for (const email of [`nobody${i}@example.com`, verified[i], unverified[i]]) {
        const { response, body } = await postGraphQL(t.url, ResendCodeDocument, { input: { email } }, fromNewIp());
        expect(response.status).toBe(200);
        bodies.add(JSON.stringify(body));
      }
    }
    // The state too is the same for every email: only when this email may ask again (its 30 s cooldown).
    const resendAvailableAt = new Date(time.clock().getTime() + 30_000).toISOString();
    const verification = { expiresAt: null, attemptsLeft: null, resendAvailableAt };
    expect([...bodies]).toEqual([
      JSON.stringify({ data: { resendCode: { message: 'Verification code re-sent', verification, errors: [] } } }),
    ]);
    await t.app.settled();
    // And the unverified accounts did get their new code.
    const first = await t.app.orm.em.fork().findOneOrFail(User, { email: unverified[0] });
    expect(await t.messagesTo(first.phoneNumber)).toHaveLength(2);
  });

  it('requestPasswordReset answers unknown, unverified and verified emails with the same payload, and texts only the verified', async () => {
    const unverified = await t.register();
    const verified = await t.registerVerified();
    time.advance(30_000);
    const bodies = new Set<string>();
    for (const email of ['nobody-at-all@example.com', unverified.input.email, verified.input.email]) {
      const { response, body } = await postGraphQL(
        t.url,
        RequestPasswordResetDocument,
        { input: { email } },
        fromNewIp(),
      );
      expect(response.status).toBe(200);
      bodies.add(JSON.stringify(body));
    }
    expect([...bodies]).toEqual([
      JSON.stringify({
        data: {
          requestPasswordReset: {
            message:
              'If a verified account has this email, a code is sent to its phone. If none arrives, ask again in 30 seconds.',
            verification: {
              expiresAt: null,
              attemptsLeft: null,
              resendAvailableAt: new Date(time.clock().getTime() + 30_000).toISOString(),
            },
            errors: [],
          },
        },
      }),
    ]);
    await t.app.settled();
    expect(await t.messagesTo(unverified.user.phoneNumber)).toHaveLength(1);
    expect((await t.messagesTo(verified.user.phoneNumber))[0]).toMatch(/^Your password reset code/);
  });

  // Time is shown, not asserted: `npm run bench:resend-timing` measures it (docs/BENCHMARKS.md).
  it('resendCode answers before any work on the account starts, even looking it up', async () => {
    const { input } = await t.register();
    time.advance(30_000);
    let release!: (user: null) => void;
    const lookup = vi
      .spyOn(UserStore.prototype, 'findUnverifiedByEmail')
      .mockImplementation(() => new Promise((resolve) => (release = resolve)));
    try {
      const { response, body } = await postGraphQL(
        t.url,
        ResendCodeDocument,
        { input: { email: input.email } },
        fromNewIp(),
      );
      expect(response.status).toBe(200);
      expect(body).toMatchObject({ data: { resendCode: { message: 'Verification code re-sent', errors: [] } } });
      // The answer went out while the account lookup had not finished.
      expect(lookup).toHaveBeenCalledTimes(1);
    } finally {
      release(null);
      lookup.mockRestore();
    }
  });

  it('login takes as long for an unknown email as for a wrong password', async () => {
    // A fresh account each round, so no per-account slow-down answers before the password check.
    const accounts: string[] = [];
    for (let i = 0; i < ROUNDS; i++) accounts.push((await t.registerVerified()).input.email);
    const unknown: number[] = [];
    const wrong: number[] = [];
    // Timing alone is too coarse to see one skipped 10 ms hash, so count the Argon2id checks too.
    const checks = vi.spyOn(PasswordHasher.prototype, 'verify');
    try {
      for (let i = 0; i < ROUNDS; i++) {
        const a = await timed(() =>
          postGraphQL(
            t.url,
            LoginDocument,
            { input: { email: aPerson().email, password: 'wrong password' } },
            fromNewIp(),
          ),
        );
        expect(checks).toHaveBeenCalledTimes(2 * i + 1);
        const b = await timed(() =>
          postGraphQL(t.url, LoginDocument, { input: { email: accounts[i], password: 'wrong password' } }, fromNewIp()),
        );
        expect(checks).toHaveBeenCalledTimes(2 * i + 2);
        expect(a.result.body).toEqual(b.result.body);
        unknown.push(a.ms);
        wrong.push(b.ms);
      }
    } finally {
      checks.mockRestore();
    }
    expectSimilar(median(unknown), median(wrong));
  });
});
