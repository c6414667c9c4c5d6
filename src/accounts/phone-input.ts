import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { isKnownCallingCode, parsePhone } from './phone';
import type { PhonePolicy } from './phone-policy';
import { UserErrorCode, type UserError } from '../shared/outcome';

/**
 * The phone fields of a form (signup, and a change of number): a calling code ("1", "+44") with a
 * national number, as the tutorial's form took them, or an E.164 number alone. Answers E.164, or
 * the errors to show beside the fields. Test numbers pass as they are: they are often fictional
 * (+1 555 …), which libphonenumber-js rightly calls invalid, and nothing is ever sent to them.
 */
export function validatePhoneInput(
  input: { countryCode?: string | null; phoneNumber: string },
  phones: PhonePolicy,
): { phoneNumber: string; errors: [] } | { phoneNumber?: undefined; errors: UserError[] } {
  const invalid = (field: string, message: string) => ({
    errors: [{ code: UserErrorCode.INVALID_INPUT, field, message }],
  });
  const countryCode = input.countryCode?.trim() || undefined;
  if (countryCode && !isKnownCallingCode(countryCode))
    return invalid('countryCode', 'Country code must be a known calling code such as 1 or +44.');
  const calling = countryCode?.replace(/^\+/, '');

  const candidate = calling
    ? parsePhoneNumberFromString(input.phoneNumber, { defaultCallingCode: calling })
    : parsePhoneNumberFromString(input.phoneNumber);
  if (candidate && phones.isTestNumber(candidate.number) && (!calling || candidate.countryCallingCode === calling))
    return { phoneNumber: candidate.number, errors: [] };

  const parsed = parsePhone(input.phoneNumber, countryCode);
  if (parsed && calling && parsed.countryCallingCode !== calling) {
    // "+1 415…" with countryCode "44": one of the two is a mistake, and guessing which is not ours to do.
    return invalid(
      'countryCode',
      `Country code ${countryCode} does not match the international prefix of the phone number.`,
    );
  }
  if (!parsed) {
    return invalid(
      'phoneNumber',
      countryCode
        ? 'Phone number is not a valid number for that country code.'
        : 'Phone number must be a valid number in international format (+14155552671), or come with a country code.',
    );
  }
  const refusal = phones.refusal(parsed);
  return refusal ? invalid('phoneNumber', refusal) : { phoneNumber: parsed.number, errors: [] };
}
