import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { MikroORM } from '@mikro-orm/core';
import type { ApolloServer } from '@apollo/server';
import type { ContainerType } from 'type-graphql';
import { housekeepingFor, type Housekeeping } from './jobs/housekeeping';
import { AccountDeletionService } from './accounts/account-deletion.service';
import { AuthyRegistrations } from './accounts/authy-registrations';
import { OneTimeCodes } from './accounts/one-time-codes';
import { PasswordResetService } from './accounts/password-reset.service';
import { PhoneChangeService } from './accounts/phone-change.service';
import { PhoneChangeStore } from './accounts/phone-change.store';
import { AccountResolver } from './graphql/account.resolver';
import { BackgroundWork } from './shared/background-work';
import { RateLimitCounterStore } from './abuse/rate-limit-counter.store';
import { Throttle } from './abuse/throttle';
import { PasswordHasher } from './users/password';
import { PhonePolicy } from './accounts/phone-policy';
import { RegistrationService } from './accounts/registration.service';
import { UserStore } from './users/user.store';
import type { Config } from './config/config';
import type { Database } from './db/database';
import { afterMigrations } from './lifecycle/after-migrations';
import { postgresConnection } from './db/driver';
import { migrate, pendingMigrations } from './db/migrate';
import { openDatabase } from './db/open';
import { entities } from './entities';
import { createApolloServer } from './graphql/apollo';
import type { GraphQLContext } from './graphql/context';
import { RegistrationResolver } from './graphql/registration.resolver';
import { buildSchema } from './graphql/schema';
import { SessionResolver } from './graphql/session.resolver';
import { withCors } from './http/cors';
import { graphqlRoute, type ContextFactory } from './http/graphql.route';
import { livenessRoute, readinessRoute } from './http/health.route';
import { createHttpServer, type Route } from './http/http-server';
import { webAppRoutes } from './http/web-app.route';
import { RequestLog } from './http/request-log';
import { LoginService } from './accounts/login.service';
import { PostgresRevocations } from './sessions/postgres-revocations';
import { noRevocationFeed } from './sessions/revocations';
import { SessionCache } from './sessions/session-cache';
import { SessionService } from './sessions/session.service';
import { SessionStore } from './sessions/session.store';
import { systemClock, type Clock } from './shared/clock';
import { createLogger, type Logger } from './shared/logger';
import { outboxRoute } from './http/outbox.route';
import type { OutboxSmsTransport } from './sms/outbox/outbox.transport';
import { SmsQueue } from './sms/queue/sms-queue';
import { SmsQueueStore } from './sms/queue/sms-queue.store';
import { createIntegrations } from './integrations';
import { TestNumbers } from './verification/test-numbers/test-numbers';
import type { SmsTransport } from './sms/sms-transport';
import { PAGES } from './http/web-pages';
import { InFlightRequests } from './lifecycle/in-flight';
import { Readiness } from './lifecycle/readiness';
import { Resources } from './lifecycle/resources';
import { CountedRateLimiter } from './abuse/counted-rate-limiter';
import { operationsPlugin } from './graphql/operations-metrics.plugin';
import { countedSms } from './sms/counted.transport';
import { countedVerification } from './verification/counted.provider';
import { noMetrics, type Metrics } from './metrics/metrics';
import { createMetricsServer } from './metrics/metrics-server';
import { PrometheusMetrics } from './metrics/prometheus';

/** Seams for tests: a movable clock, captured logs, and a wrapper around the SMS transport to inject faults. */
export interface AppOverrides {
  clock?: Clock;
  logger?: Logger;
  wrapSms?: (transport: SmsTransport) => SmsTransport;
  /** How often the pollers run; tests shorten them instead of sleeping through a second. */
  intervals?: Partial<Intervals>;
}

export interface Intervals {
  /** The SMS queue's poll, and the wait for pending migrations. */
  smsQueueMs: number;
  housekeepingMs: number;
}

/** Where a started app listens. */
export interface Listening {
  /** The GraphQL endpoint. */
  url: string;
  /** The Prometheus endpoint, when METRICS_PORT is set. */
  metricsUrl?: string;
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
  /** Whether the built web app is served at /. */
  servesWeb: boolean;
  smsQueue: SmsQueue;
  housekeeping: Housekeeping;
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

const INTERVALS: Intervals = { smsQueueMs: 1_000, housekeepingMs: 3_600_000 };

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
  const intervals = { ...INTERVALS, ...overrides.intervals };
  const production = config.nodeEnv === 'production';
  if (config.appSecretGenerated) {
    log.warn('APP_SECRET is not set: using a random one for this process, so codes sent before a restart stop working');
  }
  if (config.appSecretFile)
    log.warn(
      { file: config.appSecretFile },
      'APP_SECRET is not set: using the development secret kept beside the database',
    );
  const prometheus = config.metrics ? new PrometheusMetrics() : undefined;
  const metrics = prometheus ?? noMetrics;

  const database = await openDatabase(config.database, entities, log);
  resources.add('database', () => database.close());
  const { orm, db } = database;
  let migrationsPending = false;
  if (config.migrateOnStart) {
    await migrate(orm, config.database);
  } else {
    const pending = await pendingMigrations(database);
    migrationsPending = pending.length > 0;
    if (migrationsPending)
      log.warn(
        { pending },
        'MIGRATE_ON_START is off and migrations are pending: run npm run migrate; the SMS queue and housekeeping wait for it',
      );
  }

  const testNumbers = new TestNumbers(config.testNumbers);
  const isTestNumber = (phone: string) => testNumbers.isTestNumber(phone, clock());
  const listed = testNumbers.describe(clock());
  if (listed) log.warn(listed, 'TEST_PHONE_NUMBERS: these numbers get fixed codes and no SMS');
  const integrations = createIntegrations(
    config,
    { db, clock, log, testNumbers },
    overrides.wrapSms ?? ((transport) => transport),
    (sms) => countedSms(sms, 'code', metrics),
  );
  const { outbox, sms } = integrations;
  const verification = countedVerification(integrations.verification, metrics);
  const counters = new RateLimitCounterStore();
  const throttle = new Throttle(
    new CountedRateLimiter(db, counters, config.appSecret, clock, metrics),
    config.limits,
    isTestNumber,
  );
  const queueStore = new SmsQueueStore();
  const smsQueue = new SmsQueue(
    db,
    queueStore,
    countedSms(sms, 'confirmation', metrics),
    throttle.queuedSms,
    clock,
    log,
    { ...config.smsRetry, leaseMs: config.upstreamTimeoutMs + 5_000 },
    metrics,
  );
  metrics.watchSmsQueue(async () => {
    const { pending, oldestCreatedAt } = await queueStore.depth(db);
    return {
      pending,
      oldestPendingSeconds: oldestCreatedAt ? Math.max(0, (clock().getTime() - oldestCreatedAt.getTime()) / 1000) : 0,
    };
  });
  const cache = new SessionCache(clock, config.sessionCacheTtlMs);
  const revocations =
    config.database.kind === 'postgres'
      ? new PostgresRevocations(postgresConnection(config.database.url), cache, log)
      : undefined;
  const sessions = new SessionService(
    db,
    new SessionStore(),
    clock,
    config.sessionTtlMs,
    cache,
    revocations ?? noRevocationFeed,
    log,
  );
  const passwords = new PasswordHasher(
    config.passwordHashConcurrency,
    prometheus && ((seconds) => prometheus.passwordHashWait(seconds)),
  );
  const users = new UserStore();
  const phones = new PhonePolicy(config.phones);
  const background = new BackgroundWork();
  const settled = async () => {
    await background.settled();
    await sessions.settled();
  };
  // Closed just before the database: background sends and session writes still need it.
  resources.add('background work', settled);
  const codes = new OneTimeCodes(database, users, verification, throttle, phones, log);
  const phoneChanges = new PhoneChangeStore();
  const authy = new AuthyRegistrations(database, users, phoneChanges, verification, log);
  const registration = new RegistrationService(
    database,
    users,
    verification,
    smsQueue,
    sessions,
    throttle,
    passwords,
    codes,
    phones,
    isTestNumber,
    background,
    clock,
    log,
  );
  const logins = new LoginService(db, users, sessions, throttle, passwords);
  const resets = new PasswordResetService(
    database,
    users,
    verification,
    codes,
    smsQueue,
    sessions,
    throttle,
    passwords,
    background,
    log,
  );
  const phoneChange = new PhoneChangeService(
    database,
    users,
    phoneChanges,
    verification,
    codes,
    smsQueue,
    sessions,
    logins,
    throttle,
    phones,
    isTestNumber,
    authy,
    clock,
  );
  const deletion = new AccountDeletionService(
    database,
    users,
    phoneChanges,
    authy,
    sessions,
    logins,
    outbox,
    clock,
    log,
  );
  const container = containerOf([
    new RegistrationResolver(registration),
    new SessionResolver(logins, sessions),
    new AccountResolver(resets, phoneChange, deletion),
  ]);
  const housekeeping = housekeepingFor(database, clock, log, config);

  const requestLog = new RequestLog(log, metrics);
  const observer = requestLog.observer;
  const plugins = observer ? [operationsPlugin(metrics, requestLog)] : [];
  const apollo = createApolloServer(await buildSchema(), {
    introspection: config.introspection,
    sandbox: config.sandbox,
    log,
    plugins,
  });
  await apollo.start();
  resources.add('apollo', () => apollo.stop());

  const createContext: ContextFactory = async ({ requestId, ip, userAgent, token, otherToken, cookies }) => ({
    requestId,
    caller: { ip, userAgent },
    cookies,
    container,
    session: token ? await sessions.resolve(token) : null,
    otherSessionToken: otherToken,
  });

  const readiness = new Readiness(database);
  const web = config.web && webAppRoutes(config.web.root, Object.values(PAGES));
  if (config.web && !web)
    log.warn({ root: config.web.root }, 'the web app is not built, so / serves nothing: run `npm run build:web`');
  const routes: Record<string, Route> = {
    // First, so no file in the bundle can take an API path.
    ...web,
    '/graphql': withCors(
      graphqlRoute(apollo, createContext, {
        secureCookies: production,
        trustProxy: config.trustProxy,
        timeoutMs: config.requestTimeoutMs,
      }),
      config.corsOrigins,
    ),
    '/healthz': livenessRoute(),
    '/readyz': readinessRoute(readiness),
  };
  // Like Firebase's auth emulator: codes are readable over HTTP only in development, with the outbox on.
  if (outbox && !production) routes['/dev/outbox'] = outboxRoute(outbox);
  const http = createHttpServer(routes, log, observer);
  const inFlight = new InFlightRequests(http);
  // Slow senders cannot hold a connection open for long (slowloris); handlers have their own limit.
  http.requestTimeout = config.requestTimeoutMs;
  http.headersTimeout = Math.min(config.requestTimeoutMs, 10_000);
  const metricsHttp =
    prometheus && config.metrics
      ? { server: createMetricsServer(prometheus.registry, log), ...config.metrics }
      : undefined;

  const start = async (): Promise<Listening> => {
    try {
      if (revocations) {
        await revocations.start();
        resources.add('session revocations', () => revocations.stop());
      }
      const startBackground = () => {
        smsQueue.start(intervals.smsQueueMs);
        housekeeping.start(intervals.housekeepingMs);
      };
      resources.add('sms queue', () => smsQueue.stop());
      resources.add('housekeeping', () => housekeeping.stop());
      // Closed before both, so that it cannot start them during a shutdown.
      if (migrationsPending)
        resources.add('waiting for migrations', afterMigrations(database, intervals.smsQueueMs, startBackground, log));
      else startBackground();
      // Metrics are served until the API has drained, so a scrape can watch the shutdown.
      const metricsUrl =
        metricsHttp && `${await listen(metricsHttp.server, metricsHttp.port, metricsHttp.host)}/metrics`;
      if (metricsHttp) resources.add('metrics listener', () => closeHttp(metricsHttp.server));
      const url = `${await listen(http, config.port, config.host)}/graphql`;
      resources.add('http listener', async () => {
        await inFlight.drain();
        await closeHttp(http);
      });
      return { url, metricsUrl };
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

  return {
    orm,
    database,
    apollo,
    http,
    log,
    metrics,
    outbox,
    servesWeb: web !== undefined,
    smsQueue,
    housekeeping,
    settled,
    createContext,
    start,
    close,
  };
}

/** Listens and answers the origin to print: `localhost` for the loopback and wildcard addresses. */
function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shown = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(host)
        ? 'localhost'
        : host.includes(':')
          ? `[${host}]`
          : host;
      resolve(`http://${shown}:${address.port}`);
    });
  });
}

/**
 * Stops accepting connections and lets requests in flight finish. A keep-alive connection is
 * closed as soon as it is idle: Node closes the ones idle at close() only, and a connection whose
 * request finishes afterwards would hold close() for the keep-alive timeout (about 5 s).
 */
async function closeHttp(http: Server): Promise<void> {
  if (!http.listening) return;
  const closed = new Promise<void>((resolve) => http.close(() => resolve()));
  const sweep = setInterval(() => http.closeIdleConnections(), 50);
  http.closeIdleConnections();
  await closed;
  clearInterval(sweep);
}

function containerOf(instances: object[]): ContainerType {
  const byClass = new Map<unknown, object>(instances.map((instance) => [instance.constructor, instance]));
  return { get: (someClass: unknown) => byClass.get(someClass) };
}
