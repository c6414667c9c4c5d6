import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import type { ContextFactory, GraphQLContext } from '../graphql/context';
import { SessionCookies, sessionTokensFrom } from '../sessions/session-cookie';
import { BodyNotUtf8Error, BodyTooLargeError, readBody } from './read-body';
import { clientIp } from './client-ip';
import { Deadlines } from './deadlines';
import type { Target } from './http-server';
import { apiPage, withOfflineHelp, type SandboxLinks } from './sandbox-page';
import { sendJson } from './send-json';

export const MAX_BODY_BYTES = 100 * 1024;

export interface GraphQLRouteOptions {
  secureCookies: boolean;
  trustProxy: number;
  /** A request still unanswered after this gets a 503; its work is not cancelled. */
  timeoutMs: number;
  /** What Apollo Sandbox's page links to when Apollo's CDN cannot be reached. */
  sandboxLinks: SandboxLinks;
}

/** Apollo's own HTTP handling on a bare node:http server: no framework between the socket and GraphQL. */
export function graphqlRoute(
  apollo: ApolloServer<GraphQLContext>,
  createContext: ContextFactory,
  options: GraphQLRouteOptions,
) {
  const deadlines = new Deadlines(options.timeoutMs);
  return async (req: IncomingMessage, res: ServerResponse, target: Target, requestId: string): Promise<void> => {
    let body: unknown;
    if (req.method === 'POST') {
      let text: string;
      try {
        text = await readBody(req, MAX_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          // The rest of the body is still on the wire: this connection cannot carry another request.
          res.setHeader('connection', 'close');
          return sendJson(res, 413, {
            errors: [
              {
                message: `Request body is larger than ${MAX_BODY_BYTES} bytes.`,
                extensions: { code: 'PAYLOAD_TOO_LARGE' },
              },
            ],
          });
        }
        if (error instanceof BodyNotUtf8Error) return badRequest(res, 'The request body is not valid UTF-8.');
        throw error;
      }
      if (/^application\/(graphql-response\+)?json/i.test(req.headers['content-type'] ?? '')) {
        try {
          body = JSON.parse(text);
        } catch {
          return badRequest(res, 'The request body is not valid JSON.');
        }
      } else {
        body = text;
      }
    }

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const cookies = new SessionCookies(options.secureCookies);
    const { token, other: otherToken } = sessionTokensFrom(req.headers);
    const ip = clientIp(req, options.trustProxy);
    const response = await deadlines.race(
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: target.search, body },
        context: () =>
          createContext({ requestId, ip, userAgent: req.headers['user-agent'], token, otherToken, cookies }),
      }),
    );
    if (!response)
      return sendJson(res, 503, {
        errors: [{ message: 'The request took too long.', extensions: { code: 'TIMEOUT', requestId } }],
      });

    const html = response.headers.get('content-type')?.startsWith('text/html');
    if (!html && isBrowserOpening(req, target)) {
      res.writeHead(response.status ?? 400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(apiPage(options.sandboxLinks));
      return;
    }
    for (const [name, value] of response.headers) res.setHeader(name, value);
    if (cookies.headers.length > 0) res.setHeader('set-cookie', cookies.headers);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(html ? withOfflineHelp(response.body.string, options.sandboxLinks) : response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/** A person who typed the address: a GET for a page, with no GraphQL request in it. */
function isBrowserOpening(req: IncomingMessage, target: Target): boolean {
  if (req.method !== 'GET' || !/\btext\/html\b/.test(req.headers.accept ?? '')) return false;
  const query = new URLSearchParams(target.search);
  return !query.has('query') && !query.has('extensions');
}

/** A body Apollo never sees, refused in the GraphQL error shape with the code its own 400s carry. */
function badRequest(res: ServerResponse, message: string): void {
  sendJson(res, 400, { errors: [{ message, extensions: { code: ApolloServerErrorCode.BAD_REQUEST } }] });
}
