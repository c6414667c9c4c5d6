import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../shared/logger';
import type { RequestObserver } from './request-log';
import { sendJson } from './send-json';

/** The request target split once; a full WHATWG URL per request costs more than the rest of routing. */
export interface Target {
  pathname: string;
  /** With its leading "?", or empty. */
  search: string;
}

export type Route = (req: IncomingMessage, res: ServerResponse, target: Target, requestId: string) => Promise<void>;

/** Exact-path routing for a handful of endpoints; every response carries its request id. */
export function createHttpServer(routes: Record<string, Route>, log: Logger, observe?: RequestObserver): Server {
  return createServer((req, res) => {
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    const target = splitTarget(req.url ?? '/');
    const route = routes[target.pathname] as Route | undefined;
    // The route's own path, never the requested one: a metric label must not take any value a client sends.
    observe?.(req, res, route ? target.pathname : 'unmatched', requestId);
    if (!route) return sendJson(res, 404, { error: `No route for ${target.pathname}. GraphQL is at /graphql.` });
    route(req, res, target, requestId).catch((error: unknown) => {
      log.error({ err: error, requestId }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal server error', requestId });
      else res.destroy();
    });
  });
}

function splitTarget(url: string): Target {
  const query = url.indexOf('?');
  return query < 0 ? { pathname: url, search: '' } : { pathname: url.slice(0, query), search: url.slice(query) };
}
