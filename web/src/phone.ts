import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * "+1 415 555 3401": every phone a page shows, in one international format. The API keeps E.164;
 * a number the metadata cannot read is shown as it came.
 */
export function formatPhone(phone: string): string {
  return parsePhoneNumberFromString(phone)?.formatInternational() ?? phone;
}
