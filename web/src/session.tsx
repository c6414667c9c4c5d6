import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useClient } from 'urql';
import { MeDocument, type UserFieldsFragment } from './graphql/generated/graphql';

type SessionState = { status: 'loading' } | { status: 'ready'; user: UserFieldsFragment | null } | { status: 'failed' };

interface Session {
  state: SessionState;
  /** After verifyUser or login: the payload's user, without another round trip. */
  signedIn(user: UserFieldsFragment): void;
  signedOut(): void;
}

const SessionContext = createContext<Session | null>(null);

/** Who is signed in, asked of `me` once per page load: the HttpOnly cookie is what a reload keeps. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    client
      .query(MeDocument, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then(({ data, error }) => {
        if (current) setState(error || !data ? { status: 'failed' } : { status: 'ready', user: data.me });
      });
    return () => {
      current = false;
    };
  }, [client]);
  const signedIn = useCallback((user: UserFieldsFragment) => setState({ status: 'ready', user }), []);
  const signedOut = useCallback(() => setState({ status: 'ready', user: null }), []);
  return <SessionContext.Provider value={{ state, signedIn, signedOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a SessionProvider');
  return session;
}
