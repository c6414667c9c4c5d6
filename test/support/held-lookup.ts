import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { vi } from 'vitest';
import type { App } from '../../src/app';
import { SessionCookies } from '../../src/sessions/session-cookie';
import { UserStore } from '../../src/users/user.store';

/**
 * Runs a request for a code while the account lookup `lookup` is held, as a slow database would:
 * what it answered, and how often the lookup had been called when the answer came and once the
 * background work had a turn. A request that answers before it looks up answers 0, then 1.
 */
export async function answerWhileLookupHeld<V>(
  app: App,
  lookup: 'findVerifiedByEmail' | 'findVerifiedByPhone',
  query: TypedDocumentNode<unknown, V>,
  variables: V,
  ip: string,
): Promise<{ data: unknown; callsAtAnswer: number; callsAfter: number }> {
  let release!: (user: null) => void;
  const held = vi
    .spyOn(UserStore.prototype, lookup)
    .mockImplementation(() => new Promise((resolve) => (release = resolve)));
  try {
    const contextValue = await app.createContext({ requestId: 'r', ip, cookies: new SessionCookies(false) });
    const response = await app.apollo.executeOperation(
      { query, variables: variables as Record<string, unknown> },
      { contextValue },
    );
    const data = response.body.kind === 'single' && response.body.singleResult.data;
    const callsAtAnswer = held.mock.calls.length;
    await new Promise((resolve) => setImmediate(resolve));
    return { data, callsAtAnswer, callsAfter: held.mock.calls.length };
  } finally {
    release?.(null);
    held.mockRestore();
    await app.settled();
  }
}
