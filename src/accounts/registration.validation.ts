import { EMAIL_RULE_MESSAGE, isPlausibleEmail, normalizeEmail } from '../users/email';
import { checkPassword } from './password-rules';
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
  /** An answer to the challenge, when the SMS guard asked for one (CAPTCHA_REQUIRED). */
  captcha?: string | null;
}

export interface ValidRegistration {
  name: string;
  email: string;
  password: string;
  phoneNumber: string;
}

const LIMITS = { nameMax: 100 };

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

// One letter, digit, punctuation mark or symbol is a name ("Li", "李", "Ó"), in any script; a
// combining mark needs one to sit on. Blank ones that are letters or symbols by category (the
// Hangul fillers, the blank Braille pattern) do not count: alone, they show as nothing.
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;
const BLANK = /[\p{Default_Ignorable_Code_Point}\u2800]/gu;

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
  else if (!VISIBLE.test(name.replace(BLANK, ''))) invalid('name', 'Name must have at least one visible character.');
  else if (name.length > LIMITS.nameMax) invalid('name', `Name must be at most ${LIMITS.nameMax} characters.`);

  const email = normalizeEmail(input.email);
  if (!isPlausibleEmail(email)) invalid('email', EMAIL_RULE_MESSAGE);

  const passwordProblem = checkPassword(input.password, { name, email });
  if (passwordProblem) invalid('password', passwordProblem);

  const phone = validatePhoneInput(input, phones);
  errors.push(...phone.errors);
  const { phoneNumber } = phone;

  if (errors.length > 0 || !phoneNumber) return { errors };
  return { errors, value: { name, email, password: input.password, phoneNumber } };
}

/**
 * verifyUser's email, normalised; a malformed one is refused as registerUser refuses it. It cannot
 * be an account's, so saying so reveals nothing, and it is never looked up.
 */
export function validateVerifyEmail(input: string): { email: string; errors: UserError[] } {
  const email = normalizeEmail(input);
  if (isPlausibleEmail(email)) return { email, errors: [] };
  return { email, errors: [{ code: UserErrorCode.INVALID_INPUT, field: 'email', message: EMAIL_RULE_MESSAGE }] };
}
