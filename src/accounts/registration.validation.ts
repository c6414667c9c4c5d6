import { isKnownCallingCode, parsePhone } from './phone';
import type { PhonePolicy } from './phone-policy';
import { UserErrorCode, type UserError } from './user-error';

export interface RegistrationInput {
  name: string;
  email: string;
  password: string;
  countryCode?: string | null;
  phoneNumber: string;
}

export interface ValidRegistration {
  name: string;
  email: string;
  password: string;
  phoneNumber: string;
}

const LIMITS = { nameMin: 3, nameMax: 100, emailMax: 254, passwordMin: 8, passwordMax: 256 };

// The same rule as graphql-scalars' EmailAddress, plus a dot in the domain: "bob@gmail" is a typo.
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

// Control and bidirectional-override characters, and lone surrogates, have no business in a name
// (they disguise it when shown), and SQLite's driver cuts statements at a NUL.
const UNPRINTABLE = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Whether a normalized email could belong to an account: lookups skip the database otherwise. */
export function isPlausibleEmail(email: string): boolean {
  return email.length <= LIMITS.emailMax && EMAIL.test(email);
}

/** Checks every field at once, as the tutorial's form showed every error together; `phones` says which numbers may get a code. */
export function validateRegistration(input: RegistrationInput, phones: PhonePolicy): { errors: UserError[]; value?: ValidRegistration } {
  const errors: UserError[] = [];
  const invalid = (field: string, message: string) => errors.push({ code: UserErrorCode.INVALID_INPUT, field, message });

  const name = input.name.trim();
  if (UNPRINTABLE.test(name)) invalid('name', 'Name must not contain control or text-direction characters.');
  else if (name.length < LIMITS.nameMin) invalid('name', `Name must be at least ${LIMITS.nameMin} characters.`);
  else if (name.length > LIMITS.nameMax) invalid('name', `Name must be at most ${LIMITS.nameMax} characters.`);

  const email = normalizeEmail(input.email);
  if (!isPlausibleEmail(email)) invalid('email', 'Email must be a valid email address.');

  if (input.password.length < LIMITS.passwordMin) invalid('password', `Password must be at least ${LIMITS.passwordMin} characters.`);
  else if (input.password.length > LIMITS.passwordMax) invalid('password', `Password must be at most ${LIMITS.passwordMax} characters.`);

  const countryCode = input.countryCode?.trim() || undefined;
  let phoneNumber: string | null = null;
  if (countryCode && !isKnownCallingCode(countryCode)) {
    invalid('countryCode', 'Country code must be a known calling code such as 1 or +44.');
  } else {
    const parsed = parsePhone(input.phoneNumber, countryCode);
    if (parsed && countryCode && parsed.countryCallingCode !== countryCode.replace(/^\+/, '')) {
      // "+1 415…" with countryCode "44": one of the two is a mistake, and guessing which is not ours to do.
      invalid('countryCode', `Country code ${countryCode} does not match the international prefix of the phone number.`);
    } else if (!parsed) {
      invalid('phoneNumber', countryCode
        ? 'Phone number is not a valid number for that country code.'
        : 'Phone number must be a valid number in international format (+14155552671), or give a countryCode.');
    } else {
      const refusal = phones.refusal(parsed);
      if (refusal) invalid('phoneNumber', refusal);
      else phoneNumber = parsed.number;
    }
  }

  if (errors.length > 0 || !phoneNumber) return { errors };
  return { errors, value: { name, email, password: input.password, phoneNumber } };
}
