import type { CheckFailure, StartFailure } from '../verification/verification-provider';
import { UserErrorCode, type UserError } from '../shared/outcome';

/** What a person is told when a code could not go out: the same words wherever one is sent. */
export const startFailures: Record<StartFailure, UserError> = {
  INVALID_PHONE: {
    code: UserErrorCode.INVALID_INPUT,
    field: 'phoneNumber',
    message: 'The SMS provider says this phone number cannot receive messages.',
  },
  RATE_LIMITED: {
    code: UserErrorCode.RATE_LIMITED,
    message: 'Too many codes were requested for this phone. Try again later.',
  },
  DELIVERY_FAILED: {
    code: UserErrorCode.DELIVERY_FAILED,
    message: 'The verification code could not be sent. Try again in a moment.',
  },
};

/** What a person is told when a code was refused, whatever it was for. */
export const checkFailures: Record<CheckFailure, UserError> = {
  INVALID_CODE: {
    code: UserErrorCode.INVALID_CODE,
    field: 'code',
    message: 'That code is not right. Check the SMS and try again.',
  },
  CODE_EXPIRED: {
    code: UserErrorCode.CODE_EXPIRED,
    field: 'code',
    message: 'That code has expired. Ask for a new one.',
  },
  TOO_MANY_ATTEMPTS: {
    code: UserErrorCode.TOO_MANY_ATTEMPTS,
    field: 'code',
    message: 'Too many wrong codes. Ask for a new one.',
  },
  RATE_LIMITED: { code: UserErrorCode.RATE_LIMITED, message: 'Too many attempts. Try again later.' },
  DELIVERY_FAILED: {
    code: UserErrorCode.DELIVERY_FAILED,
    message: 'The code could not be checked right now. Try again in a moment.',
  },
};

/** What a code the SMS guard held back says: the same for every budget, so none is revealed. */
export const guardRefusals = {
  blocked: {
    code: UserErrorCode.SMS_BLOCKED,
    field: 'phoneNumber',
    message: "We can't send a code to this number right now; try again later or contact support",
  },
  challengeMissing: {
    code: UserErrorCode.CAPTCHA_REQUIRED,
    field: 'captcha',
    message: 'Solve the challenge first, then send again with its answer.',
  },
  challengeFailed: {
    code: UserErrorCode.CAPTCHA_REQUIRED,
    field: 'captcha',
    message: 'That challenge was not solved, or was used already: solve a new one and send again.',
  },
} satisfies Record<string, UserError>;
