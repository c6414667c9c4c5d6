import { useEffect, useState } from 'react';

/** The console's screens, in the URL's fragment: the admin port serves one page, and Back works. */
export type AdminRoute =
  | { screen: 'users'; search: string }
  | { screen: 'user'; id: string }
  | { screen: 'conversion' }
  | { screen: 'blocked' }
  | { screen: 'audit'; type: string };

export function parseRoute(hash: string): AdminRoute {
  const [path, query = ''] = hash.replace(/^#/, '').split('?', 2);
  const user = /^\/users\/(.+)$/.exec(path);
  if (user) return { screen: 'user', id: decodeURIComponent(user[1]) };
  if (path === '/conversion') return { screen: 'conversion' };
  if (path === '/blocked') return { screen: 'blocked' };
  if (path === '/audit') return { screen: 'audit', type: new URLSearchParams(query).get('type') ?? '' };
  return { screen: 'users', search: new URLSearchParams(query).get('search') ?? '' };
}

export const hrefOf = {
  users: (search = '') => (search ? `#/users?${new URLSearchParams({ search })}` : '#/users'),
  user: (id: string) => `#/users/${encodeURIComponent(id)}`,
  conversion: () => '#/conversion',
  blocked: () => '#/blocked',
  audit: (type = '') => (type ? `#/audit?${new URLSearchParams({ type })}` : '#/audit'),
};

export function useAdminRoute(): AdminRoute {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return parseRoute(hash);
}
