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

