import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { adminTokenCheck } from '../admin/admin-token';
import type { AdminContext } from '../admin/admin.wiring';
import type { Logger } from '../shared/logger';
import type { Route } from './http-server';
import { MAX_BODY_BYTES } from './graphql.route';
import { BodyNotUtf8Error, BodyTooLargeError, readBody } from './read-body';
import { sendJson } from './send-json';
import { ADMIN_CONSOLE_FILE, webAppRoutes } from './web-app.route';

const refusal = (message: string, code: string) => ({ errors: [{ message, extensions: { code } }] });

/**
 * The admin console from the web build at `root`: its page at / and the hashed assets it loads.
 * They hold no data, so they are served without the token; the page asks the operator for it.
 */
export function adminConsoleRoutes(root: string | undefined): Record<string, Route> {
  const files = root === undefined ? undefined : webAppRoutes(root, [], { withConsole: true });
  if (!files?.[ADMIN_CONSOLE_FILE]) return {};
  const assets = Object.entries(files).filter(([path]) => path.startsWith('/assets/') || path === '/favicon.svg');
  return { ...Object.fromEntries(assets), '/': files[ADMIN_CONSOLE_FILE] };
}

/**
 * The admin API at /graphql on a listener of its own (ADMIN_PORT), so the public port never
 * serves it; every request needs `Authorization: Bearer <ADMIN_TOKEN>` before GraphQL sees it.
 * The console's static files, when `webRoot` holds a build, are the only thing served without it.
 */
export function createAdminServer(
  apollo: ApolloServer<AdminContext>,
  token: string,
  log: Logger,
  webRoot?: string,
): Server {
  const authorized = adminTokenCheck(token);
  const consoleFiles = adminConsoleRoutes(webRoot);
  return createServer((req, res) => {
    const requestId = randomUUID();
    const [path, search = ''] = (req.url ?? '/').split('?', 2);
    const file = Object.hasOwn(consoleFiles, path) ? consoleFiles[path] : undefined;
    if (file) {
      return void file(req, res, { pathname: path, search }, requestId).catch((error: unknown) => {
        log.error({ err: error, requestId }, 'admin console file failed');
        res.destroy();
      });
    }
    if (!authorized(req.headers.authorization)) {
      res.setHeader('www-authenticate', 'Bearer');
      return sendJson(res, 401, refusal('Send the admin token as Authorization: Bearer <token>.', 'UNAUTHENTICATED'));
    }
    if (path !== '/graphql') return sendJson(res, 404, refusal('The admin API is at /graphql.', 'NOT_FOUND'));
    serve(apollo, req, res, search, requestId).catch((error: unknown) => {
      log.error({ err: error, requestId }, 'admin request failed');
      if (!res.headersSent) sendJson(res, 500, refusal('Internal server error', 'INTERNAL_SERVER_ERROR'));
      else res.destroy();
    });
  });
}

async function serve(
  apollo: ApolloServer<AdminContext>,
  req: IncomingMessage,
  res: ServerResponse,
  search: string,
  requestId: string,
): Promise<void> {
  let body: unknown;
  if (req.method === 'POST') {
    try {
      body = JSON.parse(await readBody(req, MAX_BODY_BYTES));
    } catch (error) {
      if (error instanceof BodyTooLargeError) res.setHeader('connection', 'close');
      const message =
        error instanceof BodyTooLargeError || error instanceof BodyNotUtf8Error || error instanceof SyntaxError
          ? 'The request body is not JSON within 100 KiB.'
          : undefined;
      if (!message) throw error;
      return sendJson(res, 400, refusal(message, 'BAD_REQUEST'));
    }
  }
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search, body },
    context: async () => ({ requestId }),
  });
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') return void res.end(response.body.string);
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
