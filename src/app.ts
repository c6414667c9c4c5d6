import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { MikroORM } from '@mikro-orm/sqlite';
import type { ApolloServer } from '@apollo/server';
import type { ContainerType } from 'type-graphql';
import { Housekeeping } from './abuse/housekeeping';
import { RateLimiter } from './abuse/rate-limiter';
import { Throttle } from './abuse/throttle';
import { PasswordHasher } from './accounts/password';
import { RegistrationService } from './accounts/registration.service';
import type { Config } from './config';
import { ormOptions } from './db/orm-options';
import { createApolloServer } from './graphql/apollo';
import { RequestContext, type GraphQLContext } from './graphql/context';
import { RegistrationResolver } from './graphql/registration.resolver';
import { buildSchema } from './graphql/schema';
import { SessionResolver } from './graphql/session.resolver';
import { withCors } from './http/cors';
import { graphqlRoute, type ContextFactory } from './http/graphql.route';
import { healthRoute } from './http/health.route';
import { createHttpServer, type Route } from './http/http-server';
import { webAppRoutes } from './http/web-app.route';
import { LoginService } from './sessions/login.service';
import { SessionCache } from './sessions/session-cache';
import { SessionService } from './sessions/session.service';
import { systemClock, type Clock } from './shared/clock';
import { createLogger, type Logger } from './shared/logger';
import { outboxRoute } from './sms/outbox/outbox.route';
import type { OutboxSmsTransport } from './sms/outbox/outbox.transport';
import { SmsQueue } from './sms/queue/sms-queue';
import { createIntegrations } from './integrations';
import type { SmsTransport } from './sms/sms-transport';
import { PAGES } from '../web/src/paths';

/** Seams for tests: a movable clock, captured logs, and a wrapper around the SMS transport to inject faults. */
export interface AppOverrides {
  clock?: Clock;
  logger?: Logger;
  wrapSms?: (transport: SmsTransport) => SmsTransport;
}

export interface App {
  orm: MikroORM;
  apollo: ApolloServer<GraphQLContext>;
  http: Server;
  log: Logger;
  /** The development outbox, when it is the active transport. */
  outbox?: OutboxSmsTransport;
  /** Whether the built web app is served at /. */
  servesWeb: boolean;
  smsQueue: SmsQueue;
  housekeeping: Housekeeping;
  /** Resolves when work started in the background by earlier requests is done. */
  settled(): Promise<void>;
  createContext: ContextFactory;
  listen(): Promise<string>;
  close(): Promise<void>;
}

const SMS_QUEUE_POLL_MS = 1_000;
const HOUSEKEEPING_INTERVAL_MS = 3_600_000;

/** The composition root: everything is built here from a validated config, and nowhere else. */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const log = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const production = config.nodeEnv === 'production';
  if (config.appSecretGenerated) {
    log.warn('APP_SECRET is not set: using a random one for this process, so codes sent before a restart stop working');
  }
  if (config.appSecretFile) log.warn({ file: config.appSecretFile }, 'APP_SECRET is not set: using the development secret kept beside the database');

  const orm = await MikroORM.init(ormOptions(config.databasePath, (message) => log.debug(message)));
  await orm.migrator.up();

  const { outbox, sms, verification } = createIntegrations(config, { em: orm.em, clock, log }, overrides.wrapSms ?? ((transport) => transport));
  const smsQueue = new SmsQueue(orm.em, sms, clock, log, { ...config.smsRetry, leaseMs: config.upstreamTimeoutMs + 5_000 });
  smsQueue.start(SMS_QUEUE_POLL_MS);
  const limiter = new RateLimiter(orm.em, clock);
  const throttle = new Throttle(limiter, config.limits);
  const sessions = new SessionService(clock, config.sessionTtlMs, new SessionCache(clock, config.sessionCacheTtlMs));
  const passwords = new PasswordHasher(config.passwordHashConcurrency);
  const registration = new RegistrationService(verification, smsQueue, sessions, throttle, passwords, clock, log);
  const logins = new LoginService(sessions, throttle, passwords);
  const container = containerOf([new RegistrationResolver(registration), new SessionResolver(logins, sessions)]);
  const housekeeping = new Housekeeping(orm.em, limiter, clock, log, config.staleRegistrationMs);
  housekeeping.start(HOUSEKEEPING_INTERVAL_MS);

  const apollo = createApolloServer(await buildSchema(), { introspection: config.introspection, sandbox: config.sandbox, log });
  await apollo.start();

  const createContext: ContextFactory = async ({ requestId, ip, token, cookies }) => {
    const context = new RequestContext(requestId, { ip }, cookies, container, orm.em);
    if (token) context.session = await sessions.resolve(() => context.em, token);
    return context;
  };

  const web = config.web && webAppRoutes(config.web.root, Object.values(PAGES));
  if (config.web && !web) log.warn({ root: config.web.root }, 'the web app is not built, so / serves nothing: run `npm run build:web`');
  const routes: Record<string, Route> = {
    // First, so no file in the bundle can take an API path.
    ...web,
    '/graphql': withCors(
      graphqlRoute(apollo, createContext, { secureCookies: production, trustProxy: config.trustProxy, timeoutMs: config.requestTimeoutMs }),
      config.corsOrigins,
    ),
    '/healthz': healthRoute(orm),
  };
  // Like Firebase's auth emulator: codes are readable over HTTP only in development, with the outbox on.
  if (outbox && !production) routes['/dev/outbox'] = outboxRoute(outbox);
  const http = createHttpServer(routes, log);
  // Slow senders cannot hold a connection open for long (slowloris); handlers have their own limit.
  http.requestTimeout = config.requestTimeoutMs;
  http.headersTimeout = Math.min(config.requestTimeoutMs, 10_000);

  return {
    orm,
    apollo,
    http,
    log,
    outbox,
    servesWeb: web !== undefined,
    smsQueue,
    housekeeping,
    settled: () => registration.settled(),
    createContext,
    listen: () =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.port, config.host, () => {
          const { port } = http.address() as AddressInfo;
          const host = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host) ? 'localhost' : config.host;
          resolve(`http://${host}:${port}/graphql`);
        });
      }),
    close: async () => {
      await closeHttp(http);
      await apollo.stop();
      await registration.settled();
      await housekeeping.stop();
      await smsQueue.stop();
      await orm.close();
    },
  };
}

/**
 * Stops accepting connections and lets requests in flight finish. A keep-alive connection is
 * closed as soon as it is idle: Node closes the ones idle at close() only, and a connection whose
 * request finishes afterwards would hold close() for the keep-alive timeout (about 5 s).
 */
async function closeHttp(http: Server): Promise<void> {
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
