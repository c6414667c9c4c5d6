/** What the SMS queue holds right now, read when metrics are scraped. */
export interface SmsQueueDepth {
  pending: number;
  /** Seconds the oldest pending message has waited, or 0 when none is pending. */
  oldestPendingSeconds: number;
}

/**
 * What the app records for operators. Label values are names chosen in code (a route, a root
 * field, an error code, a limit's name), never an email, a phone, an IP or a token.
 */
export interface Metrics {
  /** False when METRICS_PORT is not set: nothing is recorded, and per-request hooks are not installed. */
  readonly enabled: boolean;
  httpRequest(route: string, status: number, seconds: number): void;
  /** `outcome` is `ok`, a UserErrorCode, or `error` for an unexpected failure. */
  graphqlOperation(operation: string, outcome: string): void;
  verificationStart(provider: string, result: string): void;
  verificationCheck(provider: string, result: string): void;
  smsMessage(transport: string, kind: SmsKind, result: 'sent' | 'failed'): void;
  /** Queued messages given up (too old, or a number the provider refuses): nothing will send them. */
  smsGivenUp(count: number): void;
  /** A delivery receipt from Twilio that moved a message's or call's status on (duplicates and late ones do not). */
  deliveryReceipt(channel: string, status: string): void;
  rateLimitRefusal(limit: string): void;
  passwordHashWait(seconds: number): void;
  /** How the queue gauges are read at each scrape. */
  watchSmsQueue(read: () => Promise<SmsQueueDepth>): void;
}

export type SmsKind = 'code' | 'confirmation';

const ignore = () => undefined;

export const noMetrics: Metrics = {
  enabled: false,
  httpRequest: ignore,
  graphqlOperation: ignore,
  verificationStart: ignore,
  verificationCheck: ignore,
  smsMessage: ignore,
  smsGivenUp: ignore,
  deliveryReceipt: ignore,
  rateLimitRefusal: ignore,
  passwordHashWait: ignore,
  watchSmsQueue: ignore,
};
