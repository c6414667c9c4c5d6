import { getCountries, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

const CALLING_CODES = new Set<string>(getCountries().map((country) => getCountryCallingCode(country)));

/** "1", "+44": a calling code of a country libphonenumber-js knows. */
export function isKnownCallingCode(countryCode: string): boolean {
  return CALLING_CODES.has(countryCode.trim().replace(/^\+/, ''));
}

/**
 * The tutorial's form took a calling code ("1", "+44") and a national number; a full E.164 number
 * without a country code works too. Returns E.164, or null when libphonenumber-js calls it invalid.
 */
export function normalizePhone(phoneNumber: string, countryCode?: string | null): string | null {
  const calling = countryCode?.trim().replace(/^\+/, '');
  if (calling && !isKnownCallingCode(calling)) return null;
  const parsed = calling
    ? parsePhoneNumberFromString(phoneNumber, { defaultCallingCode: calling })
    : parsePhoneNumberFromString(phoneNumber);
  return parsed?.isValid() ? parsed.number : null;
}
