import type { SignedIn } from '../accounts/sign-ins';
import type { SessionCookies } from '../sessions/session-cookie';
import type { Outcome } from '../shared/outcome';
import type { LoginPayload } from './session.types';

/** Every way of signing in answers alike: the session as a cookie too, or the refusals. */
export function signInPayload(result: Outcome<SignedIn>, cookies: SessionCookies): LoginPayload {
  if (!result.ok) return { errors: result.errors };
  cookies.set(result.session);
  return { user: result.user, session: result.session, errors: [] };
}
