import type { Route } from './http-server';

/** What GraphQL clients send: JSON bodies, bearer tokens, and the headers Apollo's CSRF prevention accepts. */
export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'apollo-require-preflight',
  'x-apollo-operation-name',
];
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Lets pages on the listed origins call the route with credentials. Other origins get no CORS
 * headers, so browsers keep their pages from reading answers; CSRF prevention still runs behind this.
 */
export function withCors(route: Route, origins: readonly string[]): Route {
  if (origins.length === 0) return route;
  const allowed = new Set(origins);
  return async (req, res, target, requestId) => {
    res.setHeader('vary', 'Origin');
    const origin = req.headers.origin;
    if (origin === undefined || !allowed.has(origin)) return route(req, res, target, requestId);

    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('access-control-expose-headers', 'x-request-id');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': CORS_ALLOWED_HEADERS.join(', '),
        'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
      });
      res.end();
      return;
    }
    return route(req, res, target, requestId);
  };
}
