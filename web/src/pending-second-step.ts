import type { TwoStepChallengeFieldsFragment } from './graphql/generated/graphql';
import { PAGES, type PagePath } from '../../src/http/web-pages';

/** The first step a second one follows: where to start over, and what to say once signed in. */
export type FirstStep = 'password' | 'code' | 'reset';

/**
 * A sign-in waiting for its second step. Kept in the tab's memory only, never in storage: with the
 * challenge and a code, anyone could finish the sign-in. A reload loses it, and the person starts over.
 */
export interface PendingSecondStep extends TwoStepChallengeFieldsFragment {
  after: FirstStep;
}

/** Where a sign-in starts over when its challenge has ended: a reset asks for a new code. */
export const START_OVER: Record<FirstStep, PagePath> = {
  password: PAGES.signIn,
  code: PAGES.signIn,
  reset: PAGES.forgotPassword,
};

/** What the account page says once the sign-in is complete. */
export const SIGNED_IN_NOTICE: Record<FirstStep, string | undefined> = {
  password: undefined,
  code: undefined,
  reset: 'Your password is changed. Every other device was signed out.',
};
