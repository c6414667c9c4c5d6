import type { SmsBudget } from '../abuse/sms-budget';
import type { Database } from '../db/database';
import type { Metrics } from '../metrics/metrics';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { countedSms } from './counted.transport';
import { SmsQueue } from './queue/sms-queue';
import { SmsQueueStore } from './queue/sms-queue.store';
import type { SmsTransport } from './sms-transport';
import { OutboxStore } from './outbox/outbox.store';
import { OutboxSmsTransport } from './outbox/outbox.transport';
import { TestNumberSmsRouting } from './test-number.transport';
import type { TestNumbers } from './test-numbers';
import { TwilioSmsTransport, type TwilioSender } from './twilio/twilio-sms.transport';
import type { Twilio } from 'twilio';
import type { TwilioAccount } from '../twilio/twilio.client';

/** The development outbox, or Twilio's Messages API from a number or a Messaging Service. */
export type SmsConfig = { kind: 'outbox' } | { kind: 'twilio'; twilio: TwilioAccount; sender: TwilioSender };

export interface SmsTransportDeps {
  config: { sms: SmsConfig };
  database: Database;
  testNumbers: TestNumbers;
  twilio: (account: TwilioAccount) => Twilio;
  /** Around the upstream transport only: tests inject faults there. */
  wrap: (transport: SmsTransport) => SmsTransport;
  clock: Clock;
  log: Logger;
}

/** The transport the config names, with test numbers kept from it. */
export function wireSmsTransport({ config, database, testNumbers, twilio, wrap, clock, log }: SmsTransportDeps) {
  let outbox: OutboxSmsTransport | undefined;
  let upstream: SmsTransport;
  if (config.sms.kind === 'twilio') {
    upstream = new TwilioSmsTransport({ client: twilio(config.sms.twilio), sender: config.sms.sender });
  } else {
    upstream = outbox = new OutboxSmsTransport({ db: database.db, store: new OutboxStore(), clock, log });
  }
  const transport = new TestNumberSmsRouting({ real: wrap(upstream), outbox, numbers: testNumbers, clock, log });
  return { outbox, transport };
}

export interface SmsQueueDeps {
  config: { smsRetry: { baseDelayMs: number; maxDelayMs: number; giveUpAfterMs: number }; upstreamTimeoutMs: number };
  database: Database;
  transport: SmsTransport;
  budget: SmsBudget;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
}

/** How long a claimed message or code request stays hidden from other workers: longer than one send can take. */
export function claimLeaseMs(upstreamTimeoutMs: number): number {
  return upstreamTimeoutMs + 5_000;
}

/** The durable queue that every text a committed change promises goes through, with its depth on the metrics. */
export function wireSmsQueue({ config, database, transport, budget, clock, log, metrics }: SmsQueueDeps): SmsQueue {
  const { db } = database;
  const store = new SmsQueueStore();
  metrics.watchSmsQueue(async () => {
    const { pending, oldestCreatedAt } = await store.depth(db);
    const oldestPendingMs = oldestCreatedAt ? clock().getTime() - oldestCreatedAt.getTime() : 0;
    return { pending, oldestPendingSeconds: Math.max(0, oldestPendingMs / 1000) };
  });
  const policy = { ...config.smsRetry, leaseMs: claimLeaseMs(config.upstreamTimeoutMs) };
  const counted = countedSms(transport, 'confirmation', metrics);
  return new SmsQueue({ database, store, transport: counted, budget, clock, log, policy, metrics });
}
