import { useCallback } from 'react';
import type { TwoStepChallengeFieldsFragment, UserFieldsFragment } from './graphql/generated/graphql';
import { SIGNED_IN_NOTICE, type FirstStep } from './pending-second-step';
import { PAGES } from '../../src/http/web-pages';
import { useRouter } from './router';
import { useSession } from './session';

/** What a sign-in answered when it did not refuse: a session (its user), or a second step to take. */
export interface SignInAnswer {
  user?: UserFieldsFragment | null;
  twoStep?: TwoStepChallengeFieldsFragment | null;
}

/**
 * Goes on from a first step that was right: to the account page, or, for an account with a second
 * step, to the page that asks for it. False when the answer was neither (a refusal).
 */
export function useFinishSignIn(after: FirstStep): (answer: SignInAnswer) => boolean {
  const { navigate } = useRouter();
  const { signedIn, awaitSecondStep } = useSession();
  return useCallback(
    ({ user, twoStep }: SignInAnswer) => {
      if (user) {
        signedIn(user);
        navigate(PAGES.account, SIGNED_IN_NOTICE[after]);
        return true;
      }
      if (!twoStep) return false;
      awaitSecondStep({ ...twoStep, after });
      navigate(PAGES.secondStep);
      return true;
    },
    [after, awaitSecondStep, navigate, signedIn],
  );
}
