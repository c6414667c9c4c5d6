/** Expected outcomes a client can act on; they travel as payload data, never as GraphQL errors. */
export enum UserErrorCode {
  INVALID_INPUT = 'INVALID_INPUT',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  ALREADY_VERIFIED = 'ALREADY_VERIFIED',
  NOT_VERIFIED = 'NOT_VERIFIED',
  INVALID_CODE = 'INVALID_CODE',
  CODE_EXPIRED = 'CODE_EXPIRED',
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
  RATE_LIMITED = 'RATE_LIMITED',
  DELIVERY_FAILED = 'DELIVERY_FAILED',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  NOT_SIGNED_IN = 'NOT_SIGNED_IN',
  /** The SMS guard refused the code: which budget is never said. */
  SMS_BLOCKED = 'SMS_BLOCKED',
  /** The code goes out only with a solved challenge (captchaChallenge), in the input's `captcha`. */
  CAPTCHA_REQUIRED = 'CAPTCHA_REQUIRED',
}

export interface UserError {
  code: UserErrorCode;
  /** The input field at fault, when there is one. */
  field?: string;
  message: string;
  /** With RATE_LIMITED: seconds until the same call can succeed. */
  retryAfter?: number;
}

/** What a service answers: success with its data, or the refusals, with data some refusals carry (`F`). */
export type Outcome<T, F extends object = object> =
  ({ ok: true } & T) | ({ ok: false; errors: UserError[] } & Partial<F>);

export function failure(code: UserErrorCode, message: string, field?: string): { ok: false; errors: UserError[] } {
  return { ok: false, errors: [{ code, message, field }] };
}

export function rateLimited(retryAfter: number): { ok: false; errors: UserError[] } {
  const minutes = Math.ceil(retryAfter / 60);
  const wait = retryAfter === 1 ? '1 second' : retryAfter < 120 ? `${retryAfter} seconds` : `${minutes} minutes`;
  return {
    ok: false,
    errors: [{ code: UserErrorCode.RATE_LIMITED, message: `Too many attempts. Try again in ${wait}.`, retryAfter }],
  };
}

/** For the mutations that act on the signed-in account. */
export function notSignedIn(): { ok: false; errors: UserError[] } {
  return failure(UserErrorCode.NOT_SIGNED_IN, 'Sign in first.');
}
