import type { SessionGrant } from '../sessions/session.service';

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
    return [`${SESSION_COOKIE}=${value}`, 'Path=/', lifetime, 'HttpOnly', 'SameSite=Lax', ...(this.secure ? ['Secure'] : [])].join('; ');
  }
}

/** The session token from `Authorization: Bearer <token>`, else from the session cookie. */
export function sessionTokenFrom(headers: { authorization?: string; cookie?: string }): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (bearer) return bearer[1];
  for (const pair of (headers.cookie ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === SESSION_COOKIE) return pair.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}
