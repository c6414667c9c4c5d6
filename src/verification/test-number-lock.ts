import type { Throttle } from '../abuse/throttle';
import type { Logger } from '../shared/logger';
import { maskPhone } from '../shared/mask-phone';
import type {
  CheckOutcome,
  CodeChannel,
  StartOutcome,
  VerificationProvider,
  VerificationSubject,
} from './verification-provider';

export interface TestNumberLockDeps {
  fixed: VerificationProvider;
  /** Counts in the database, so every instance sees the same count. */
  throttle: Pick<Throttle, 'testNumberGuess' | 'testNumberGuessRight'>;
  codeOf: (phoneNumber: string) => string | undefined;
  log: Logger;
}

/**
 * Test numbers' fixed codes, locked after TEST_NUMBER_GUESSES refused checks (abuse/throttle.ts).
 * A locked number refuses the right code too: a lucky guess opens nothing.
 */
export class TestNumberLock implements VerificationProvider {
  readonly name: string;

  constructor(private readonly deps: TestNumberLockDeps) {
    this.name = deps.fixed.name;
  }

  start(subject: VerificationSubject, channel?: CodeChannel): Promise<StartOutcome> {
    return this.deps.fixed.start(subject, channel);
  }

  async check(subject: VerificationSubject, code: string): Promise<CheckOutcome> {
    const { phoneNumber } = subject;
    const fixedCode = this.deps.codeOf(phoneNumber) ?? '';
    const counted = await this.deps.throttle.testNumberGuess(phoneNumber, fixedCode);
    if (!counted.ok) {
      const { retryAfterSeconds } = counted;
      this.deps.log.warn(
        { phone: maskPhone(phoneNumber), retryAfterSeconds },
        'test number locked after too many wrong codes',
      );
      return { ok: false, reason: 'TOO_MANY_ATTEMPTS', numberLocked: true };
    }
    const checked = await this.deps.fixed.check(subject, code);
    if (checked.ok) await this.deps.throttle.testNumberGuessRight(phoneNumber, fixedCode);
    return checked;
  }
}
