import { SmsDeliveryError, type SmsMessage, type SmsTransport } from '../../src/sms/sms-transport';

/** Wraps the real transport; each queued fault makes one send fail before anything is delivered. */
export class FaultySms implements SmsTransport {
  private readonly faults: Error[] = [];
  inner!: SmsTransport;
  /** Added to every send, like a slow upstream. */
  latencyMs = 0;

  readonly wrap = (inner: SmsTransport): SmsTransport => {
    this.inner = inner;
    return this;
  };

  /** The real transport's, as the app would report it. */
  get name(): string {
    return this.inner.name;
  }

  failNext(fault: SmsDeliveryError['kind'] | Error): void {
    this.faults.push(typeof fault === 'string' ? new SmsDeliveryError(`injected ${fault}`, fault) : fault);
  }

  async send(message: SmsMessage): Promise<void> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const fault = this.faults.shift();
    if (fault) throw fault;
    await this.inner.send(message);
  }
}
