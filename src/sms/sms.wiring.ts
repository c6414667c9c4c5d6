import type { SmsBudget } from '../abuse/sms-budget';
import type { Database } from '../db/database';
import type { Metrics } from '../metrics/metrics';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { ChannelSettings } from './channels';
import { countedSms } from './counted.transport';
import { DeliveryReceipts } from './receipts/delivery-receipts';
import type { ReceiptSettings } from './receipts/receipt-settings';
import { SmsDeliveryStore } from './receipts/sms-delivery.store';
import { trackedDeliveries } from './receipts/tracked.transport';
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
  config: { sms: SmsConfig; channels: ChannelSettings; receipts?: ReceiptSettings };
  database: Database;
  testNumbers: TestNumbers;
  twilio: (account: TwilioAccount) => Twilio;
  /** Around the upstream transport only: tests inject faults there. */
  wrap: (transport: SmsTransport) => SmsTransport;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
}

/**
 * The transport the config names, with test numbers kept from it. Through Twilio with PUBLIC_URL
 * set, every message and call asks for delivery receipts, and is put on record for them to find.
 */
export function wireSmsTransport(deps: SmsTransportDeps) {
  const { config, database, testNumbers, wrap, clock, log } = deps;
  let outbox: OutboxSmsTransport | undefined;
  let upstream: SmsTransport;
  let receipts: DeliveryReceipts | undefined;
  if (config.sms.kind === 'twilio') {
    receipts = config.receipts && wireReceipts(deps, config.receipts);
    upstream = twilioTransport(deps, config.sms);
    if (receipts) upstream = trackedDeliveries(upstream, receipts, log);
  } else {
    upstream = outbox = new OutboxSmsTransport({ db: database.db, store: new OutboxStore(), clock, log });
  }
  const transport = new TestNumberSmsRouting({ real: wrap(upstream), outbox, numbers: testNumbers, clock, log });
  return { outbox, transport, receipts };
}

function twilioTransport({ config, twilio }: SmsTransportDeps, sms: Extract<SmsConfig, { kind: 'twilio' }>) {
  return new TwilioSmsTransport({
    client: twilio(sms.twilio),
    sender: sms.sender,
    callFrom: config.channels.callFrom,
    whatsappFrom: config.channels.whatsappFrom,
    statusCallback: config.receipts?.callbackUrl,
  });
}

function wireReceipts({ database, clock, log, metrics }: SmsTransportDeps, settings: ReceiptSettings) {
  return new DeliveryReceipts({ db: database.db, store: new SmsDeliveryStore(), settings, clock, log, metrics });
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
