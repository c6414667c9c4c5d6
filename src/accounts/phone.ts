// The max metadata set: getType() needs every type's number pattern, and only max has them all.
// With min, getType() misses types (undefined for a German mobile), and mobile knows only
// mobiles, so neither can tell a premium-rate or toll-free number from one that takes SMS.
import {
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
  type PhoneNumber,
} from 'libphonenumber-js/max';

const CALLING_CODES = new Set<string>(getCountries().map((country) => getCountryCallingCode(country)));

/** "1", "+44": a calling code of a country libphonenumber-js knows. */
export function isKnownCallingCode(countryCode: string): boolean {
  return CALLING_CODES.has(countryCode.trim().replace(/^\+/, ''));
}

/**
 * The tutorial's form took a calling code ("1", "+44") and a national number; a full E.164 number
 * without a country code works too. Null when libphonenumber-js calls it invalid; `.number` is E.164.
 */
export function parsePhone(phoneNumber: string, countryCode?: string | null): PhoneNumber | null {
  const calling = countryCode?.trim().replace(/^\+/, '');
  if (calling && !isKnownCallingCode(calling)) return null;
  const parsed = calling
    ? parsePhoneNumberFromString(phoneNumber, { defaultCallingCode: calling })
    : parsePhoneNumberFromString(phoneNumber);
  return parsed?.isValid() ? parsed : null;
}

/**
 * An E.164 number as a person reads it, in the one international format every message uses
 * (`+1 415 555 3401`). A test number that libphonenumber-js cannot place stays as stored.
 */
export function formatPhoneNumber(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
