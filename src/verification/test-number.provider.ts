import type { Clock } from '../shared/clock';
import type {
  CheckOutcome,
  CodeChannel,
  StartOutcome,
  VerificationProvider,
  VerificationSubject,
} from './verification-provider';
import type { TestNumbers } from '../sms/test-numbers';

export interface TestNumberProviderDeps {
  real: VerificationProvider;
  fixed: VerificationProvider;
  numbers: TestNumbers;
  clock: Clock;
}

/**
 * Sends test numbers to `fixed` (local codes, each number's own) before any provider sees them, so
 * they work the same with every provider, and Twilio's test credentials, which cannot call Verify,
 * are never needed for them.
 */
export class TestNumberProviderRouting implements VerificationProvider {
  readonly name: string;

  constructor(private readonly deps: TestNumberProviderDeps) {
    this.name = deps.real.name;
  }

  start(subject: VerificationSubject, channel?: CodeChannel): Promise<StartOutcome> {
    return this.route(subject).start(subject, channel);
  }

  check(subject: VerificationSubject, code: string): Promise<CheckOutcome> {
    return this.route(subject).check(subject, code);
  }

  /** Test numbers never reach the provider, so only its own registrations are forgotten there. */
  forget(authyId: number): Promise<void> {
    return this.deps.real.forget?.(authyId) ?? Promise.resolve();
  }

  private route(subject: VerificationSubject): VerificationProvider {
    return this.deps.numbers.isTestNumber(subject.phoneNumber, this.deps.clock()) ? this.deps.fixed : this.deps.real;
  }
}
