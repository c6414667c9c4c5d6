import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * How many digits of the national number, after the calling code, make a prefix. Three keep the
 * ranges a carrier leases out (and a pumping scheme rents) together, `+1 415` is an area code,
 * `+44 791` a mobile sub-range, while a country's real traffic still spreads over many prefixes,
 * and no calling code has more than a thousand of them, so the table of counts stays small.
 */
export const PREFIX_DIGITS = 3;

/** Where a code goes, as the guard counts it: never the number itself. */
export interface Destination {
  /** ISO 3166 code (`GB`), or the calling code (`+882`) for numbers of no country. */
  country: string;
  /** The calling code and the national number's first digits: `+44791`. */
  prefix: string;
}

/** The destination of an E.164 number; one that does not parse counts as its first digits. */
export function destinationOf(phone: string): Destination {
  const parsed = parsePhoneNumberFromString(phone);
  if (!parsed) return { country: phone.slice(0, 4), prefix: phone.slice(0, 4 + PREFIX_DIGITS) };
  const calling = `+${parsed.countryCallingCode}`;
  return {
    country: parsed.country ?? calling,
    prefix: `${calling}${parsed.nationalNumber.slice(0, PREFIX_DIGITS)}`,
  };
}
