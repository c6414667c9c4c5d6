import { Client, fetchExchange } from 'urql';
import { readToken } from './token';

/** The admin API on the console's own origin (the admin port). */
export const ADMIN_GRAPHQL_URL = '/graphql';

/**
 * Every call carries the token read at the moment it is sent, so a token pasted again takes effect
 * at once; a 401 tells `onRefused`. No cache: an operator always sees the database as it is now.
 */
export function createAdminClient(onRefused: () => void): Client {
  return new Client({
    url: ADMIN_GRAPHQL_URL,
    exchanges: [fetchExchange],
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${readToken() ?? ''}` } }),
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (response.status === 401) onRefused();
      return response;
    },
  });
}
