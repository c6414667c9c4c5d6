import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { maskPhone } from '../../shared/mask-phone';
import type { SmsMessage, SmsTransport } from '../../sms/sms-transport';
import type { CheckOutcome, StartOutcome, VerificationProvider, VerificationSubject } from '../verification-provider';
import type { TestNumbers } from './test-numbers';

/**
 * Sends test numbers to `fixed` (local codes, each number's own) before any provider sees them, so
 * they work the same with every provider, and Twilio's test credentials, which cannot call Verify,
 * are never needed for them.
 */
export class TestNumberProviderRouting implements VerificationProvider {
  readonly name: string;

  constructor(
    private readonly real: VerificationProvider,
    private readonly fixed: VerificationProvider,
    private readonly numbers: TestNumbers,
    private readonly clock: Clock,
  ) {
    this.name = real.name;
  }

  start(subject: VerificationSubject): Promise<StartOutcome> {
    return this.route(subject).start(subject);
  }

  check(subject: VerificationSubject, code: string): Promise<CheckOutcome> {
    return this.route(subject).check(subject, code);
  }

  /** Test numbers never reach the provider, so only its own registrations are forgotten there. */
  forget(authyId: number): Promise<void> {
    return this.real.forget?.(authyId) ?? Promise.resolve();
  }

  private route(subject: VerificationSubject): VerificationProvider {
    return this.numbers.isTestNumber(subject.phoneNumber, this.clock()) ? this.fixed : this.real;
  }
}

/** Texts to test numbers never leave the machine: the development outbox keeps them, if it is on; otherwise they are dropped. */
export class TestNumberSmsRouting implements SmsTransport {
  readonly name: string;

  constructor(
    private readonly real: SmsTransport,
    private readonly outbox: SmsTransport | undefined,
    private readonly numbers: TestNumbers,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.name = real.name;
  }

  async send(message: SmsMessage): Promise<void> {
    if (!this.numbers.isTestNumber(message.to, this.clock())) return this.real.send(message);
    if (this.outbox) return this.outbox.send(message);
    this.log.info({ to: maskPhone(message.to) }, 'SMS to a test number not sent');
  }
}
