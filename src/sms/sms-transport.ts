import type { CodeChannel } from './channels';
import type { Voice } from './texts/sms-texts';

/** A message as the queue keeps it: a text to a number. */
export interface TextMessage {
  /** E.164. */
  to: string;
  body: string;
}

/** A text by SMS (the default) or WhatsApp, or a call that says `body` in `language`. */
export type SmsMessage =
  (TextMessage & { channel?: Exclude<CodeChannel, 'call'> }) | (TextMessage & { channel: 'call'; language: Voice });

/** What a transport knows of a message it handed on: the provider's id, which its delivery receipts name. */
export interface SentMessage {
  providerSid?: string;
}

/** Delivers a message or throws SmsDeliveryError. */
export interface SmsTransport {
  readonly name: string;
  send(message: SmsMessage): Promise<SentMessage | void>;
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
