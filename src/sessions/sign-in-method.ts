/** What a person proved to begin the sign-in that opened a session. */
export const SIGN_IN_METHODS = ['signup', 'password', 'code', 'password-reset'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

/** What they proved after it, when their account asks for a second step. */
export const SECOND_STEPS = ['sms', 'totp', 'recovery-code'] as const;
export type SecondStep = (typeof SECOND_STEPS)[number];

/** How a session was signed in, as it is kept with the session and shown in the sessions list. */
export interface SignedInWith {
  signedInWith: SignInMethod;
  secondStep: SecondStep | null;
}
