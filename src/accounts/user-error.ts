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
}

export interface UserError {
  code: UserErrorCode;
  /** The input field at fault, when there is one. */
  field?: string;
  message: string;
}

export type Outcome<T> = ({ ok: true } & T) | { ok: false; errors: UserError[] };

export function failure(code: UserErrorCode, message: string, field?: string): { ok: false; errors: UserError[] } {
  return { ok: false, errors: [{ code, message, field }] };
}
