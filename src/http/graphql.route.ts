import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { GraphQLContext } from '../graphql/context';
import { SessionCookies, sessionTokenFrom } from './session-cookie';
import { BodyTooLargeError, readBody } from './read-body';
import { sendJson } from './send-json';

export const MAX_BODY_BYTES = 100 * 1024;

export type ContextFactory = (request: { requestId: string; token?: string; cookies: SessionCookies }) => Promise<GraphQLContext>;

/** Apollo's own HTTP handling on a bare node:http server: no framework between the socket and GraphQL. */
export function graphqlRoute(apollo: ApolloServer<GraphQLContext>, createContext: ContextFactory, secureCookies: boolean) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> => {
    let body: unknown;
    if (req.method === 'POST') {
      let text: string;
      try {
        text = await readBody(req, MAX_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendJson(res, 413, { errors: [{ message: `Request body is larger than ${MAX_BODY_BYTES} bytes.` }] });
        throw error;
      }
      if (/^application\/(graphql-response\+)?json/i.test(req.headers['content-type'] ?? '')) {
        try {
          body = JSON.parse(text);
        } catch {
          return sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON.' }] });
        }
      } else {
        body = text;
      }
    }

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const cookies = new SessionCookies(secureCookies);
    const token = sessionTokenFrom(req.headers);
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => createContext({ requestId, token, cookies }),
    });

    for (const [name, value] of response.headers) res.setHeader(name, value);
    if (cookies.headers.length > 0) res.setHeader('set-cookie', cookies.headers);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
