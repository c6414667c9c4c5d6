import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * The tutorial's form took a calling code ("1", "+44") and a national number; a full E.164 number
 * without a country code works too. Returns E.164, or null when libphonenumber-js calls it invalid.
 */
export function normalizePhone(phoneNumber: string, countryCode?: string | null): string | null {
  const calling = countryCode?.trim().replace(/^\+/, '');
  if (calling !== undefined && calling !== '' && !/^\d{1,3}$/.test(calling)) return null;
  const parsed = calling
    ? parsePhoneNumberFromString(phoneNumber, { defaultCallingCode: calling })
    : parsePhoneNumberFromString(phoneNumber);
  return parsed?.isValid() ? parsed.number : null;
}

/** Shows the last two digits only, for logs and for messages about where a code went. */
export function maskPhone(e164: string): string {
  return e164.slice(0, 2) + '*'.repeat(Math.max(0, e164.length - 4)) + e164.slice(-2);
}
