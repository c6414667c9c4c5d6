import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../shared/logger';
import { sendJson } from './send-json';

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL, requestId: string) => Promise<void>;

/** Exact-path routing for a handful of endpoints; every response carries its request id. */
export function createHttpServer(routes: Record<string, Route>, log: Logger): Server {
  return createServer((req, res) => {
    const requestId = randomUUID();
    const started = performance.now();
    res.setHeader('x-request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes[url.pathname];
    res.on('finish', () => {
      log.debug({ requestId, method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request');
    });
    if (!route) return sendJson(res, 404, { error: `No route for ${url.pathname}. GraphQL is at /graphql.` });
    route(req, res, url, requestId).catch((error: unknown) => {
      log.error({ err: error, requestId }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal server error', requestId });
      else res.destroy();
    });
  });
}
