import { Client, cacheExchange, fetchExchange } from 'urql';

/** Where the API is: the page's own origin unless the build says otherwise (VITE_GRAPHQL_URL). */
export const GRAPHQL_URL = import.meta.env.VITE_GRAPHQL_URL ?? '/graphql';

export function createGraphQLClient(url = GRAPHQL_URL): Client {
  return new Client({
    url,
    exchanges: [cacheExchange, fetchExchange],
    // urql sends queries as GET without a content type, which the API's CSRF prevention refuses;
    // a JSON POST is always accepted.
    preferGetMethod: false,
    // The session cookie also goes to an API on another origin listed in its CORS_ORIGINS.
    fetchOptions: { credentials: 'include' },
  });
}
