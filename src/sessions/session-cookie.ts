import type { SessionGrant } from './session.service';

export const SESSION_COOKIE = 'session';

/** Collects the Set-Cookie headers a request's resolvers ask for; the HTTP layer sends them. */
export class SessionCookies {
  readonly headers: string[] = [];

  constructor(private readonly secure: boolean) {}

  set({ token, expiresAt }: SessionGrant): void {
    this.headers.push(this.cookie(token, `Expires=${expiresAt.toUTCString()}`));
  }

  clear(): void {
    this.headers.push(this.cookie('', 'Max-Age=0'));
  }

  private cookie(value: string, lifetime: string): string {
    return [
      `${SESSION_COOKIE}=${value}`,
      'Path=/',
      lifetime,
      'HttpOnly',
      'SameSite=Lax',
      ...(this.secure ? ['Secure'] : []),
    ].join('; ');
  }
}

/**
 * The session token a request carries: from `Authorization: Bearer <token>`, which wins, else from
 * the session cookie. When both are there and differ, the cookie's is `other` (logout ends both).
 */
export function sessionTokensFrom(headers: { authorization?: string; cookie?: string }): {
  token?: string;
  other?: string;
} {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
  const cookie = cookieToken(headers.cookie ?? '');
  if (!bearer) return { token: cookie };
  return { token: bearer, other: cookie && cookie !== bearer ? cookie : undefined };
}

function cookieToken(header: string): string | undefined {
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === SESSION_COOKIE) return pair.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}
