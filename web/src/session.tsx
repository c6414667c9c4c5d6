import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useClient } from 'urql';
import { MeDocument, type UserFieldsFragment } from './graphql/generated/graphql';
import type { PendingSecondStep } from './pending-second-step';

type SessionState = { status: 'loading' } | { status: 'ready'; user: UserFieldsFragment | null } | { status: 'failed' };

interface Session {
  state: SessionState;
  /** This browser had a session that it did not end itself, and `me` found it gone. */
  ended: boolean;
  /** A password, a code or a reset was right, and the account asks for its second step. */
  secondStep?: PendingSecondStep;
  /** After verifyUser or login: the payload's user, without another round trip. */
  signedIn(user: UserFieldsFragment): void;
  signedOut(): void;
  awaitSecondStep(pending: PendingSecondStep | undefined): void;
}

const SessionContext = createContext<Session | null>(null);

// A mark, not a secret: that this browser was signed in. The HttpOnly cookie cannot be read to tell.
const HAD_SESSION = 'had-session';
const storage = {
  had: () => safely(() => localStorage.getItem(HAD_SESSION) !== null) ?? false,
  mark: (signedIn: boolean) =>
    safely(() => (signedIn ? localStorage.setItem(HAD_SESSION, '1') : localStorage.removeItem(HAD_SESSION))),
};
/** Storage may be refused (privacy settings): then nothing is explained, and nothing breaks. */
function safely<T>(use: () => T): T | undefined {
  try {
    return use();
  } catch {
    return undefined;
  }
}

/** Who is signed in, asked of `me` once per page load: the HttpOnly cookie is what a reload keeps. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [ended, setEnded] = useState(false);
  const [secondStep, awaitSecondStep] = useState<PendingSecondStep>();
  useEffect(() => {
    let current = true;
    client
      .query(MeDocument, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then(({ data, error }) => {
        if (!current) return;
        if (error || !data) return setState({ status: 'failed' });
        // Revoked from another device, by a password change or reset, or simply expired.
        setEnded(!data.me && storage.had());
        storage.mark(data.me !== null);
        setState({ status: 'ready', user: data.me });
      });
    return () => {
      current = false;
    };
  }, [client]);
  const signedIn = useCallback((user: UserFieldsFragment) => {
    storage.mark(true);
    setEnded(false);
    awaitSecondStep(undefined);
    setState({ status: 'ready', user });
  }, []);
  const signedOut = useCallback(() => {
    storage.mark(false);
    setEnded(false);
    awaitSecondStep(undefined);
    setState({ status: 'ready', user: null });
  }, []);
  return (
    <SessionContext.Provider value={{ state, ended, secondStep, signedIn, signedOut, awaitSecondStep }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a SessionProvider');
  return session;
}
