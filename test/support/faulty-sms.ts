import { SmsDeliveryError, type SmsMessage, type SmsTransport } from '../../src/sms/sms-transport';

/** Wraps the real transport; each queued fault makes one send fail before anything is delivered. */
export class FaultySms implements SmsTransport {
  private readonly faults: Error[] = [];
  inner!: SmsTransport;
  /** Added to every send, like a slow upstream. */
  latencyMs = 0;
  /** While set, every send fails this way, as in an outage. */
  outage: SmsDeliveryError['kind'] | null = null;
  /** While set, every send waits for it: a send in flight, or a process that dies during one. */
  hold: Promise<void> | null = null;
  /** Sends begun so far, held ones included: a test waits on it to know a request is in flight. */
  started = 0;

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

  /** Holds every send from now on until the answered function is called. */
  holdSends(): () => void {
    let release!: () => void;
    this.hold = new Promise((resolve) => (release = resolve));
    return () => {
      this.hold = null;
      release();
    };
  }

  async send(message: SmsMessage): Promise<void> {
    this.started++;
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (this.hold) await this.hold;
    const fault = this.faults.shift() ?? (this.outage && new SmsDeliveryError(`injected ${this.outage}`, this.outage));
    if (fault) throw fault;
    await this.inner.send(message);
  }
}
