import { createContext, useCallback, useContext, useEffect, useState, type MouseEvent, type ReactNode } from 'react';
import type { PagePath } from '../../src/http/web-pages';

interface Router {
  path: string;
  /** What the page moved from wants the next one to say ("Your account was deleted."); gone on the next move. */
  notice?: string;
  navigate(to: PagePath, notice?: string): void;
}

const RouterContext = createContext<Router | null>(null);

/** Pages are real paths (the server answers each with the app), moved between with the History API. */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [place, setPlace] = useState<{ path: string; notice?: string }>(() => ({ path: window.location.pathname }));
  useEffect(() => {
    const onPopState = () => setPlace({ path: window.location.pathname });
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);
  const navigate = useCallback((to: PagePath, notice?: string) => {
    if (to !== window.location.pathname) window.history.pushState(null, '', to);
    setPlace({ path: to, notice });
  }, []);
  return <RouterContext.Provider value={{ ...place, navigate }}>{children}</RouterContext.Provider>;
}

export function useRouter(): Router {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useRouter needs a RouterProvider');
  return router;
}

export function Link({ to, children }: { to: PagePath; children: ReactNode }) {
  const { navigate } = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick}>
      {children}
    </a>
  );
}

/** Moves to another page after render, for pages that do not apply (the account page when signed out). */
export function Redirect({ to, notice }: { to: PagePath; notice?: string }) {
  const { navigate } = useRouter();
  useEffect(() => navigate(to, notice), [navigate, to, notice]);
  return null;
}
