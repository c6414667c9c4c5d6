import type { Limit, RateLimiter } from '../abuse/rate-limiter';
import type { Logger } from '../shared/logger';
import { maskPhone } from '../shared/mask-phone';
import type { CheckOutcome, StartOutcome, VerificationProvider, VerificationSubject } from './verification-provider';

/**
 * Refused checks a test number takes in a day, across all its codes and accounts, before it is
 * locked. Every signup or resend gives it a fresh code with fresh tries but the same fixed code, so
 * a code's own tries bound nothing: this does. Ten a day leave a reviewer who mistypes room, and an
 * attacker 3,650 of the million codes a year: about 1 in 270 of finding it, hence the end date
 * production requires. A day, not longer: housekeeping prunes counters whose window opened over two
 * days ago, which would end a longer lock early.
 */
export const TEST_NUMBER_GUESSES: Limit = { name: 'test-number-guesses', max: 10, windowMs: 86_400_000 };

export interface TestNumberLockDeps {
  fixed: VerificationProvider;
  /** Counts in the database, so every instance sees the same count. */
  limiter: RateLimiter;
  /** The number's fixed code: a new code is a new count, which is how an operator unlocks a number at once. */
  codeOf: (phoneNumber: string) => string | undefined;
  log: Logger;
}

/**
 * Test numbers' fixed codes, locked after TEST_NUMBER_GUESSES. Each check is counted before the
 * code is looked at, so concurrent guesses from many places cannot all slip in before the count
 * catches up, and a locked number refuses the right code too: a lucky guess opens nothing. A right
 * code takes its count back.
 */
export class TestNumberLock implements VerificationProvider {
  readonly name: string;

  constructor(private readonly deps: TestNumberLockDeps) {
    this.name = deps.fixed.name;
  }

  start(subject: VerificationSubject): Promise<StartOutcome> {
    return this.deps.fixed.start(subject);
  }

  async check(subject: VerificationSubject, code: string): Promise<CheckOutcome> {
    const counted = await this.deps.limiter.hit(TEST_NUMBER_GUESSES, this.counterOf(subject));
    if (!counted.ok) {
      const lockedUntil = new Date(this.deps.limiter.now().getTime() + counted.retryAfterSeconds * 1000);
      this.deps.log.warn(
        { phone: maskPhone(subject.phoneNumber), lockedUntil },
        'test number locked after too many wrong codes',
      );
      return { ok: false, reason: 'TOO_MANY_ATTEMPTS', lockedUntil };
    }
    const checked = await this.deps.fixed.check(subject, code);
    if (checked.ok) await this.deps.limiter.refund(TEST_NUMBER_GUESSES, this.counterOf(subject));
    return checked;
  }

  private counterOf(subject: VerificationSubject): string {
    return `test-number:${subject.phoneNumber}=${this.deps.codeOf(subject.phoneNumber) ?? ''}`;
  }
}
