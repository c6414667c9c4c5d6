import type { ApolloServer } from '@apollo/server';
import type { Registry } from 'prom-client';
import type { ContextFactory, GraphQLContext } from '../graphql/context';
import { InFlightRequests } from '../lifecycle/in-flight';
import type { Readiness } from '../lifecycle/readiness';
import type { Resources } from '../lifecycle/resources';
import { createMetricsServer } from '../metrics/metrics-server';
import type { AdminContext } from '../admin/admin.wiring';
import { createAdminServer } from './admin-server';
import type { Logger } from '../shared/logger';
import type { OutboxSmsTransport } from '../sms/outbox/outbox.transport';
import { RECEIPTS_PATH } from '../sms/receipts/receipt-settings';
import { withCors } from './cors';
import { graphqlRoute } from './graphql.route';
import { livenessRoute, readinessRoute } from './health.route';
import { createHttpServer, type Route } from './http-server';
import { closeHttp, listen } from './listen';
import { outboxRoute } from './outbox.route';
import type { RequestObserver } from './request-log';
import { twilioStatusRoute, type ReceiptSink } from './twilio-status.route';
import { webAppRoutes } from './web-app.route';
import { PAGES } from './web-pages';

export interface HttpDeps {
  config: {
    nodeEnv: string;
    port: number;
    host: string;
    /** The outbox is served beyond loopback, as DEV_OUTBOX_PUBLIC=true allows. */
    devOutboxPublic?: boolean;
    /** Where the built web app is, when it is served at /. */
    web?: { root: string };
    corsOrigins: string[];
    trustProxy: number;
    requestTimeoutMs: number;
    /** Where the Prometheus registry is served, when METRICS_PORT is set. */
    metrics?: { port: number; host: string };
    /** Where the admin API is served, and the token it requires, when ADMIN_PORT is set. */
    admin?: { port: number; host: string; token: string };
  };
  /** The admin API's Apollo server, served only on the admin listener. */
  adminApollo?: ApolloServer<AdminContext>;
  apollo: ApolloServer<GraphQLContext>;
  createContext: ContextFactory;
  readiness: Readiness;
  /** The development outbox, readable at /dev/outbox outside production. */
  outbox?: OutboxSmsTransport;
  /** Twilio's delivery receipts, taken at /webhooks/twilio/status when PUBLIC_URL is set. */
  receipts?: ReceiptSink;
  observer?: RequestObserver;
  registry?: Registry;
  log: Logger;
}

/** The API's routes on one node:http server, the metrics and the admin API on others; none listens until `listen`. */
export function wireHttp(deps: HttpDeps) {
  const { config, apollo, createContext, readiness, outbox, receipts, observer, registry, adminApollo, log } = deps;
  const production = config.nodeEnv === 'production';
  const web = config.web && webAppRoutes(config.web.root, Object.values(PAGES));
  if (config.web && !web)
    log.warn({ root: config.web.root }, 'the web app is not built, so / serves nothing: run `npm run build:web`');
  const timeoutMs = config.requestTimeoutMs;
  // Like Firebase's auth emulator: codes are readable over HTTP only in development, with the outbox on.
  const outboxServed = outbox !== undefined && !production;
  const graphql = graphqlRoute(apollo, createContext, {
    secureCookies: production,
    trustProxy: config.trustProxy,
    timeoutMs,
    sandboxLinks: { webApp: web !== undefined, outbox: outboxServed },
  });
  const routes: Record<string, Route> = {
    // First, so no file in the bundle can take an API path.
    ...web,
    '/graphql': withCors(graphql, config.corsOrigins),
    '/healthz': livenessRoute(),
    '/readyz': readinessRoute(readiness),
    ...(receipts ? { [RECEIPTS_PATH]: twilioStatusRoute(receipts) } : {}),
  };
  if (outbox && outboxServed) {
    routes['/dev/outbox'] = outboxRoute(outbox);
    if (config.devOutboxPublic)
      log.warn(
        { host: config.host },
        'DEV_OUTBOX_PUBLIC=true: the server listens beyond loopback with the development outbox, whose codes any client that sends Host: localhost can read',
      );
  }
  const http = createHttpServer(routes, log, observer);
  const inFlight = new InFlightRequests(http);
  // Slow senders cannot hold a connection open for long (slowloris); handlers have their own limit.
  http.requestTimeout = timeoutMs;
  http.headersTimeout = Math.min(timeoutMs, 10_000);
  const metrics = registry && config.metrics && { ...config.metrics, server: createMetricsServer(registry, log) };
  const admin = adminApollo &&
    config.admin && {
      ...config.admin,
      server: createAdminServer(adminApollo, config.admin.token, log, config.web?.root),
    };

  const listenAll = async (resources: Resources) => {
    // Metrics are served until the API has drained, so a scrape can watch the shutdown.
    let metricsUrl: string | undefined;
    if (metrics) {
      metricsUrl = `${await listen(metrics.server, metrics.port, metrics.host)}/metrics`;
      resources.add('metrics listener', () => closeHttp(metrics.server));
    }
    let adminUrl: string | undefined;
    if (admin) {
      adminUrl = `${await listen(admin.server, admin.port, admin.host)}/graphql`;
      resources.add('admin listener', () => closeHttp(admin.server));
    }
    const url = `${await listen(http, config.port, config.host)}/graphql`;
    resources.add('http listener', () => inFlight.drain().then(() => closeHttp(http)));
    return { url, metricsUrl, adminUrl };
  };
  return { http, servesWeb: web !== undefined, listen: listenAll };
}
