import 'reflect-metadata';
import type { Server } from 'node:http';
import type { MikroORM } from '@mikro-orm/core';
import type { ApolloServer } from '@apollo/server';
import { wireAbuse, wireFraudGuard } from './abuse/abuse.wiring';
import type { AltchaWork } from './abuse/captcha/altcha.captcha';
import type { FraudGuard } from './abuse/fraud-guard/fraud-guard';
import { wireAccounts } from './accounts/accounts.wiring';
import { wireAdmin } from './admin/admin.wiring';
import { wireAudit } from './audit/audit.wiring';
import type { CodeRequests } from './accounts/code-requests';
import { PhonePolicy } from './accounts/phone-policy';
import type { Config } from './config/config';
import type { Database } from './db/database';
import { migrate, pendingMigrations } from './db/migrate';
import { openDatabase } from './db/open';
import { entities } from './entities';
import type { ContextFactory, GraphQLContext } from './graphql/context';
import { wireGraphql } from './graphql/graphql.wiring';
import { wireHttp } from './http/http.wiring';
import { RequestLog } from './http/request-log';
import type { Housekeeping } from './jobs/housekeeping';
import { wireJobs } from './jobs/jobs.wiring';
import { Readiness } from './lifecycle/readiness';
import { Resources } from './lifecycle/resources';
import { noMetrics, type Metrics } from './metrics/metrics';
import { PrometheusMetrics } from './metrics/prometheus';
import { wireSessions } from './sessions/sessions.wiring';
import { BackgroundWork } from './shared/background-work';
import { systemClock, type Clock } from './shared/clock';
import { createLogger, type Logger } from './shared/logger';
import type { OutboxSmsTransport } from './sms/outbox/outbox.transport';
import { markedCodeTexts } from './sms/receipts/code-texts.transport';
import { deliveryRatioGauge } from './sms/receipts/delivery-metrics';
import type { DeliveryReceipts } from './sms/receipts/delivery-receipts';
import type { SmsQueue } from './sms/queue/sms-queue';
import { wireSmsQueue, wireSmsTransport } from './sms/sms.wiring';
import { sharedTwilioClient } from './twilio/twilio.client';
import type { ChannelProvider } from './verification/code-channels';
import { wireVerification } from './verification/verification.wiring';
import type { WebhookDelivery } from './webhooks/webhook-delivery';
import { wireWebhooks } from './webhooks/webhooks.wiring';
import type { SmsTransport } from './sms/sms-transport';
import { TestNumbers } from './sms/test-numbers';

/** Seams for tests: a movable clock, captured logs, a wrapper around the SMS transport to inject faults. */
export interface AppOverrides {
  clock?: Clock;
  logger?: Logger;
  wrapSms?: (transport: SmsTransport) => SmsTransport;
  /** How often the pollers run; tests shorten them instead of sleeping through a second. */
  intervals?: Partial<Intervals>;
  /** How much work an ALTCHA challenge asks: tests solve lighter ones. */
  altchaWork?: AltchaWork;
}

export interface Intervals {
  /** The SMS queue's poll, and the wait for pending migrations. */
  smsQueueMs: number;
  housekeepingMs: number;
  /** The poll of the webhooks' outbox. */
  webhooksMs: number;
}

const INTERVALS: Intervals = { smsQueueMs: 1_000, housekeepingMs: 3_600_000, webhooksMs: 1_000 };

/** Where a started app listens: the GraphQL endpoint, and the Prometheus one when METRICS_PORT is set. */
export interface Listening {
  url: string;
  metricsUrl?: string;
  /** The admin API, when ADMIN_PORT is set. */
  adminUrl?: string;
}

export interface App {
  orm: MikroORM;
  database: Database;
  apollo: ApolloServer<GraphQLContext>;
  http: Server;
  log: Logger;
  metrics: Metrics;
  /** The development outbox, when it is the active transport. */
  outbox?: OutboxSmsTransport;
  /** The code provider, and the channels it offers. */
  verification: ChannelProvider;
  /** Twilio's delivery receipts, when PUBLIC_URL is set and texts go through Twilio. */
  receipts?: DeliveryReceipts;
  /** Whether the built web app is served at /. */
  servesWeb: boolean;
  smsQueue: SmsQueue;
  /** The SMS guard every code passes (docs/FRAUD.md). */
  fraudGuard: FraudGuard;
  /** resendCode's and requestPasswordReset's codes, on record until sent. */
  codeRequests: CodeRequests;
  housekeeping: Housekeeping;
  /** The webhooks' worker, when WEBHOOK_URLS is set. */
  webhooks?: WebhookDelivery;
  /** Resolves when work started in the background by earlier requests is done. */
  settled(): Promise<void>;
  createContext: ContextFactory;
  /** Starts the pollers, then the listeners. If one fails, the whole app is closed again. */
  start(): Promise<Listening>;
  /**
   * Turns readiness to 503 at once, lets the requests in flight finish, then stops everything in
   * the reverse of the order it was built and started in. Calling it again answers the same promise.
   */
  close(): Promise<void>;
}

/**
 * The composition root: everything is built here from a validated config, and nowhere else.
 * Building opens the database and nothing that runs by itself; if it fails halfway, what it had
 * opened is closed again before the error is passed on.
 */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const log = overrides.logger ?? createLogger(config.logLevel);
  const resources = new Resources(log);
  try {
    return await build(config, overrides, log, resources);
  } catch (error) {
    await resources.closeAll().catch(() => undefined);
    throw error;
  }
}

async function build(config: Config, overrides: AppOverrides, log: Logger, resources: Resources): Promise<App> {
  const clock = overrides.clock ?? systemClock;
  const prometheus = config.metrics ? new PrometheusMetrics() : undefined;
  const metrics = prometheus ?? noMetrics;
  const database = await openDatabase(config.database, entities, log);
  resources.add('database', () => database.close());
  const migrationsPending = await prepareSchema(database, config, log);
  const base = { config, database, clock, log, metrics, resources };
  const { audit } = wireAudit(base);

  const testNumbers = new TestNumbers(config.testNumbers);
  warnAboutSettings(config, log, testNumbers.describe(clock()));
  const phones = new PhonePolicy(config.phones, (phone) => testNumbers.isTestNumber(phone, clock()));
  const twilio = sharedTwilioClient(config.upstreamTimeoutMs);
  const wrap = overrides.wrapSms ?? ((transport) => transport);
  const { outbox, transport: sms, receipts } = wireSmsTransport({ ...base, testNumbers, twilio, wrap });
  const throttle = wireAbuse({ ...base, phones });
  const registry = prometheus?.registry;
  if (registry && receipts) deliveryRatioGauge(registry, () => receipts.deliveryRatios());
  const { guard, captcha, prune } = wireFraudGuard({ ...base, phones, registry, altchaWork: overrides.altchaWork });
  // A code's text that never arrives is taken out of the guard's counts (docs/FRAUD.md).
  const codeSms = receipts ? markedCodeTexts(sms, receipts, log) : sms;
  receipts?.onCodeUndelivered(({ to, sentAt }) => guard.undelivered({ phone: to, sentAt }));
  const verification = wireVerification({ ...base, sms: codeSms, testNumbers, twilio, throttle, receipts, guard });
  const smsQueue = wireSmsQueue({ ...base, transport: sms, budget: throttle.queuedSms });
  const { events, delivery: webhooks } = wireWebhooks({ ...base, registry });
  const { sessions, revocations } = wireSessions({ ...base, audit, events });
  const background = new BackgroundWork();
  const settled = () => background.settled().then(() => sessions.settled());
  // Closed just before the database: background sends and session writes still need it.
  resources.add('background work', settled);
  const features = { verification, throttle, guard, phones, messages: smsQueue, sessions, background, audit, events };
  const accounts = wireAccounts({ ...base, ...features, phoneTraces: outbox });
  const { codeRequests } = accounts;
  const intervals = intervalsOf(overrides);
  const jobs = wireJobs({
    ...base,
    smsQueue,
    codeRequests,
    webhooks,
    guardCounts: { prune },
    intervals,
    migrationsPending,
  });

  const requestLog = new RequestLog(base);
  const { observer } = requestLog;
  const operations = observer && requestLog;
  const { apollo, createContext } = await wireGraphql({
    ...base,
    accounts,
    sessions,
    captcha,
    verification,
    operations,
  });
  const readiness = new Readiness(database);
  const admin =
    config.admin &&
    (await wireAdmin({ ...base, sessions, audit, events, guardCounts: guard, throttle, accounts: accounts.deletion }));
  const adminApollo = admin?.apollo;
  const web = wireHttp({
    ...base,
    apollo,
    createContext,
    readiness,
    outbox,
    receipts,
    observer,
    registry,
    adminApollo,
  });

  const { start, close } = lifecycleOf({ resources, readiness, revocations, jobs, web });
  const { http, servesWeb } = web;
  const handles = {
    orm: database.orm,
    database,
    apollo,
    http,
    log,
    metrics,
    outbox,
    verification,
    receipts,
    servesWeb,
  };
  const { housekeeping } = jobs;
  const running = { smsQueue, fraudGuard: guard, codeRequests, housekeeping, webhooks };
  return { ...handles, ...running, settled, createContext, start, close };
}

/**
 * start() starts what runs by itself, then the listeners; close() turns readiness to 503, then
 * undoes everything in reverse. A start that fails halfway closes what it had started.
 */
function lifecycleOf(parts: {
  resources: Resources;
  readiness: Readiness;
  revocations?: { start(): Promise<void>; stop(): Promise<void> };
  jobs: { start(resources: Resources): void };
  web: { listen(resources: Resources): Promise<Listening> };
}) {
  const { resources, readiness, revocations, jobs, web } = parts;
  const start = async (): Promise<Listening> => {
    try {
      if (revocations) {
        await revocations.start();
        resources.add('session revocations', () => revocations.stop());
      }
      jobs.start(resources);
      return await web.listen(resources);
    } catch (error) {
      await close().catch(() => undefined);
      throw error;
    }
  };
  let closing: Promise<void> | undefined;
  const close = () => {
    readiness.drain();
    closing ??= resources.closeAll();
    return closing;
  };
  return { start, close };
}

/** An override left undefined keeps the default: an interval of undefined would poll without pause. */
function intervalsOf({ intervals }: AppOverrides): Intervals {
  return {
    smsQueueMs: intervals?.smsQueueMs ?? INTERVALS.smsQueueMs,
    housekeepingMs: intervals?.housekeepingMs ?? INTERVALS.housekeepingMs,
    webhooksMs: intervals?.webhooksMs ?? INTERVALS.webhooksMs,
  };
}

/** Applies pending migrations when the config says to; otherwise answers whether some are pending. */
async function prepareSchema(database: Database, config: Config, log: Logger): Promise<boolean> {
  if (config.migrateOnStart) {
    await migrate(database.orm, config.database);
    return false;
  }
  const pending = await pendingMigrations(database);
  if (pending.length > 0)
    log.warn(
      { pending },
      'MIGRATE_ON_START is off and migrations are pending: run npm run migrate; the SMS queue and housekeeping wait for it',
    );
  return pending.length > 0;
}

function warnAboutSettings(config: Config, log: Logger, testNumbers: ReturnType<TestNumbers['describe']>): void {
  if (config.appSecretGenerated)
    log.warn('APP_SECRET is not set: using a random one for this process, so codes sent before a restart stop working');
  if (config.appSecretFile)
    log.warn(
      { file: config.appSecretFile },
      'APP_SECRET is not set: using the development secret kept beside the database',
    );
  if (testNumbers) log.warn(testNumbers, 'TEST_PHONE_NUMBERS: these numbers get fixed codes and no SMS');
}
