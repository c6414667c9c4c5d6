import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Provider as GraphQLProvider } from 'urql';
import { createAdminClient } from './admin-client';
import { hrefOf, useAdminRoute, type AdminRoute } from './admin-router';
import { AuditLogPage } from './AuditLogPage';
import { BlockedDestinationsPage } from './BlockedDestinationsPage';
import { ConversionPage } from './ConversionPage';
import { TokenScreen } from './TokenScreen';
import { forgetToken, readToken, saveToken, TOKEN_REFUSED } from './token';
import { UserPage } from './UserPage';
import { UserSearch } from './UserSearch';

const TITLES: Record<AdminRoute['screen'], string> = {
  users: 'Users',
  user: 'User',
  conversion: 'Conversion',
  blocked: 'Blocked destinations',
  audit: 'Audit log',
};

/** The token screen until a token works; then the screens the fragment names, each call carrying it. */
export function AdminApp() {
  const [token, setToken] = useState(readToken);
  const [refusal, setRefusal] = useState<string>();
  const refused = useCallback(() => {
    forgetToken();
    setToken(undefined);
    setRefusal(TOKEN_REFUSED);
  }, []);
  const client = useMemo(() => createAdminClient(refused), [refused]);
  const route = useAdminRoute();
  const main = useRef<HTMLElement>(null);

  const screen = token ? route.screen : 'token';
  useEffect(() => {
    document.title = `${screen === 'token' ? 'Admin token' : TITLES[screen]} · Admin console`;
    // A new screen is announced from its heading, as the public pages do.
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [screen, route.screen === 'user' ? route.id : '']);

  return (
    <div className="admin">
      <header className="top">
        <span className="brand">Admin console</span>
        {token && (
          <nav aria-label="Main">
            <a href={hrefOf.users()}>Users</a>
            <a href={hrefOf.conversion()}>Conversion</a>
            <a href={hrefOf.blocked()}>Blocked destinations</a>
            <a href={hrefOf.audit()}>Audit log</a>
            <button
              type="button"
              className="link"
              onClick={() => {
                forgetToken();
                setToken(undefined);
                setRefusal(undefined);
              }}
            >
              Forget token
            </button>
          </nav>
        )}
      </header>
      <main className="card" ref={main}>
        {!token ? (
          <TokenScreen
            key={refusal}
            message={refusal}
            onAccepted={(accepted) => {
              saveToken(accepted);
              setRefusal(undefined);
              setToken(accepted);
            }}
          />
        ) : (
          <GraphQLProvider value={client}>
            {route.screen === 'users' && <UserSearch key={route.search} search={route.search} />}
            {route.screen === 'user' && <UserPage key={route.id} id={route.id} />}
            {route.screen === 'conversion' && <ConversionPage />}
            {route.screen === 'blocked' && <BlockedDestinationsPage />}
            {route.screen === 'audit' && <AuditLogPage key={route.type} type={route.type} />}
          </GraphQLProvider>
        )}
      </main>
    </div>
  );
}
