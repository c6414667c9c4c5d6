export interface SmsMessage {
  /** E.164. */
  to: string;
  body: string;
}

/** Delivers a text message or throws SmsDeliveryError. */
export interface SmsTransport {
  readonly name: string;
  send(message: SmsMessage): Promise<void>;
}

export class SmsDeliveryError extends Error {
  constructor(
    message: string,
    readonly kind: 'invalid-number' | 'rate-limited' | 'unavailable',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SmsDeliveryError';
  }
}
