import type { SignedIn } from '../accounts/sign-ins';
import type { SessionCookies } from '../sessions/session-cookie';
import type { Outcome } from '../shared/outcome';
import type { LoginPayload } from './session.types';
import type { TwoStepMethodName } from './two-step.types';

/**
 * Every way of signing in answers alike: the session as a cookie too, or the second step it
 * waits for (no user yet: nothing of the account before it is proved), or the refusals.
 */
export function signInPayload(result: Outcome<SignedIn>, cookies: SessionCookies): LoginPayload {
  if (!result.ok) return { errors: result.errors };
  if (result.twoStep) {
    const { challenge, expiresAt } = result.twoStep;
    const methods = result.twoStep.methods as TwoStepMethodName[];
    return { user: null, session: null, twoStep: { challenge, methods, expiresAt }, errors: result.notSent ?? [] };
  }
  cookies.set(result.session);
  return { user: result.user, session: result.session, twoStep: null, errors: [] };
}
