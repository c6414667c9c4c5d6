import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { maskPhone } from '../shared/mask-phone';
import type { SentMessage, SmsMessage, SmsTransport } from './sms-transport';
import type { TestNumbers } from './test-numbers';

export interface TestNumberSmsDeps {
  real: SmsTransport;
  outbox?: SmsTransport;
  numbers: TestNumbers;
  clock: Clock;
  log: Logger;
}

/** Texts and calls to test numbers never leave the machine: the development outbox keeps them, if it is on; otherwise they are dropped. */
export class TestNumberSmsRouting implements SmsTransport {
  readonly name: string;

  constructor(private readonly deps: TestNumberSmsDeps) {
    this.name = deps.real.name;
  }

  async send(message: SmsMessage): Promise<SentMessage | void> {
    const { real, outbox, numbers, clock, log } = this.deps;
    if (!numbers.isTestNumber(message.to, clock())) return real.send(message);
    if (outbox) return outbox.send(message);
    log.info({ to: maskPhone(message.to), channel: message.channel ?? 'sms' }, 'message to a test number not sent');
  }
}
