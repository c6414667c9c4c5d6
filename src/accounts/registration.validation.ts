import { isPlausibleEmail, normalizeEmail } from '../users/email';
import { isStorablePassword } from '../users/password';
import { validatePhoneInput } from './phone-input';
import type { PhonePolicy } from './phone-policy';
import { UserErrorCode, type UserError } from '../shared/outcome';

export interface RegistrationInput {
  name: string;
  email: string;
  password: string;
  countryCode?: string | null;
  phoneNumber: string;
  /** BCP 47; unknown or absent ones get English texts. */
  locale?: string | null;
}

export interface ValidRegistration {
  name: string;
  email: string;
  password: string;
  phoneNumber: string;
}

const LIMITS = { nameMin: 3, nameMax: 100, passwordMin: 8, passwordMax: 256 };

// Controls (Cc, U+0085 too), formats (Cf: bidi marks and overrides, zero-width and BOM), line and
// paragraph separators (Zl, Zp) and lone surrogates have no business in a name: invisible or
// reordering, they disguise it when shown, and SQLite's driver cuts statements at a NUL.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
// Except ZWNJ and ZWJ between letters of a script that spells with them (Persian "علی‌رضا", Indic
// conjuncts) or inside an emoji sequence (👩‍💻); between Latin letters they would only hide.
const SPELLS_WITH_JOINERS =
  '\\p{sc=Arab}\\p{sc=Syrc}\\p{sc=Deva}\\p{sc=Beng}\\p{sc=Guru}\\p{sc=Gujr}\\p{sc=Orya}\\p{sc=Taml}\\p{sc=Telu}\\p{sc=Knda}\\p{sc=Mlym}\\p{sc=Sinh}';
const JOINER = new RegExp(
  `(?<=[${SPELLS_WITH_JOINERS}])[\\u200c\\u200d](?=[${SPELLS_WITH_JOINERS}])|(?<=[\\p{Extended_Pictographic}\\p{Emoji_Modifier}\\ufe0f])\\u200d(?=\\p{Extended_Pictographic})`,
  'gu',
);

/** What is wrong with a new password, in words for the person; undefined when it will do. Signup and reset share the rules. */
export function checkPassword(password: string): string | undefined {
  if (!isStorablePassword(password))
    return 'Password contains a broken character (an unpaired surrogate) that cannot be kept as typed. Type it again.';
  if (password.length < LIMITS.passwordMin) return `Password must be at least ${LIMITS.passwordMin} characters.`;
  if (password.length > LIMITS.passwordMax) return `Password must be at most ${LIMITS.passwordMax} characters.`;
  return undefined;
}

/** Checks every field at once, as the tutorial's form showed every error together; `phones` says which numbers may get a code. */
export function validateRegistration(
  input: RegistrationInput,
  phones: PhonePolicy,
): { errors: UserError[]; value?: ValidRegistration } {
  const errors: UserError[] = [];
  const invalid = (field: string, message: string) =>
    errors.push({ code: UserErrorCode.INVALID_INPUT, field, message });

  const name = input.name.trim();
  if (UNPRINTABLE.test(name.replace(JOINER, '')))
    invalid('name', 'Name must not contain invisible, control or text-direction characters.');
  else if (name.length < LIMITS.nameMin) invalid('name', `Name must be at least ${LIMITS.nameMin} characters.`);
  else if (name.length > LIMITS.nameMax) invalid('name', `Name must be at most ${LIMITS.nameMax} characters.`);

  const email = normalizeEmail(input.email);
  if (!isPlausibleEmail(email)) invalid('email', 'Email must be a valid email address.');

  const passwordProblem = checkPassword(input.password);
  if (passwordProblem) invalid('password', passwordProblem);

  const phone = validatePhoneInput(input, phones);
  errors.push(...phone.errors);
  const { phoneNumber } = phone;

  if (errors.length > 0 || !phoneNumber) return { errors };
  return { errors, value: { name, email, password: input.password, phoneNumber } };
}
