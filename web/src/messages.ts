import type { UserErrorCode, UserErrorFieldsFragment } from './graphql/generated/graphql';
import { formatWait } from './use-countdown';

/**
 * What each refusal says to a person. A Record over the generated union, so a code added to the
 * schema fails the type check here until it has its words.
 */
const MESSAGES: Record<UserErrorCode, (error: UserErrorFieldsFragment) => string> = {
  // The server names the field and the rule ("Password must be at least 8 characters.").
  INVALID_INPUT: (error) => error.message,
  EMAIL_TAKEN: () => 'An account with this email already exists. Sign in instead.',
  USER_NOT_FOUND: () => 'There is no account with this email. Check it, or sign up first.',
  ALREADY_VERIFIED: () => 'This account is already verified. Sign in instead.',
  NOT_VERIFIED: () => 'Your phone number is not verified yet. Enter the code we texted you, or ask for a new one.',
  INVALID_CODE: () => 'That code is not right. Check the text message and try again.',
  CODE_EXPIRED: () => 'That code has expired. Send a new code and enter that one.',
  TOO_MANY_ATTEMPTS: () => 'Too many wrong codes: this code no longer works. Send a new code.',
  RATE_LIMITED: (error) =>
    error.retryAfter
      ? `Too many attempts. Please wait ${formatWait(error.retryAfter)} and try again.`
      : 'Too many attempts. Please wait a little and try again.',
  DELIVERY_FAILED: () => 'We could not send the text message just now. Please try again in a moment.',
  // With a field, the signed-in person's own password was asked again (phone change, deletion, change).
  INVALID_CREDENTIALS: (error) =>
    error.field === 'password' || error.field === 'currentPassword'
      ? 'That is not your current password.'
      : 'That email and password do not match an account.',
  NOT_SIGNED_IN: () => 'You are signed out. Sign in again to continue.',
  // The server's words, which name no budget: a person can do nothing about it but wait.
  SMS_BLOCKED: (error) => error.message,
  CAPTCHA_REQUIRED: () =>
    'Before we send a code, please show you are not a robot: complete the check below, then try again.',
};

export function messageFor(error: UserErrorFieldsFragment): string {
  return MESSAGES[error.code](error);
}

/** When the request itself failed: offline, the server down, or an unexpected server error. */
export const REQUEST_FAILED = 'Something went wrong on our side or on the network. Please try again.';

/** The account page found no session where this browser had one; it cannot know why, so it says what may have happened. */
export const SESSION_ENDED =
  'Your session ended. You may have been signed out from another device or after a password change.';
