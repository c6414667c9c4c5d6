import { isSupportedCountry, type CountryCode, type PhoneNumber, type PhoneNumberType } from 'libphonenumber-js/max';

/**
 * Number types an operator may accept. The others (premium-rate, shared-cost, toll-free, UAN,
 * pager, voicemail) cannot take an SMS and are what SMS pumping texts, so they are never accepted.
 */
export const SMS_NUMBER_TYPES = [
  'MOBILE',
  'FIXED_LINE_OR_MOBILE',
  'FIXED_LINE',
  'VOIP',
  'PERSONAL_NUMBER',
] as const satisfies readonly PhoneNumberType[];
export type SmsNumberType = (typeof SMS_NUMBER_TYPES)[number];

/**
 * Numbers known to be mobiles, and those the numbering plan cannot tell from one (all of the
 * +1 countries, among others). A landline cannot read an SMS, so FIXED_LINE is opt-in.
 */
export const DEFAULT_SMS_NUMBER_TYPES: SmsNumberType[] = ['MOBILE', 'FIXED_LINE_OR_MOBILE'];

export interface PhonePolicySettings {
  /** ISO 3166 alpha-2 codes; all countries when absent. */
  allowedCountries?: CountryCode[];
  allowedTypes: SmsNumberType[];
}

const WHAT: Record<PhoneNumberType, string> = {
  MOBILE: 'Mobile numbers',
  FIXED_LINE_OR_MOBILE: 'Numbers that may be landlines',
  FIXED_LINE: 'Landline numbers',
  VOIP: 'Internet (VoIP) numbers',
  PERSONAL_NUMBER: 'Personal forwarding numbers',
  PREMIUM_RATE: 'Premium-rate numbers',
  SHARED_COST: 'Shared-cost numbers',
  TOLL_FREE: 'Toll-free numbers',
  UAN: 'Company (UAN) numbers',
  PAGER: 'Pager numbers',
  VOICEMAIL: 'Voicemail access numbers',
};

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

export function isCountryCode(code: string): code is CountryCode {
  return isSupportedCountry(code);
}

/**
 * Which valid numbers may get a code: the one place signup (and any later change of number)
 * asks. A number whose type libphonenumber-js cannot name is refused; with the max metadata,
 * every valid number has a type, so that would be a gap in the metadata, and a code sent there
 * may reach nobody.
 */
export class PhonePolicy {
  private readonly countries?: ReadonlySet<string>;
  private readonly types: ReadonlySet<string>;

  constructor(
    settings: PhonePolicySettings,
    /** The operator's test numbers right now (TEST_PHONE_NUMBERS): accepted as they are, often fictional. */
    readonly isTestNumber: (e164: string) => boolean,
  ) {
    this.countries = settings.allowedCountries && new Set(settings.allowedCountries);
    this.types = new Set(settings.allowedTypes);
  }

  /** Why a code cannot be sent to this valid number, as a message for the person; undefined when it can. */
  refusal(phone: PhoneNumber): string | undefined {
    if (this.countries && !(phone.country && this.countries.has(phone.country))) {
      return phone.country
        ? `Phone numbers from ${regionNames.of(phone.country)} are not accepted here.`
        : 'Phone numbers that belong to no single country are not accepted here.';
    }
    const type = phone.getType();
    if (!type) return 'This phone number cannot be checked for text messages. Give a mobile number.';
    if (!this.types.has(type)) return `${WHAT[type]} cannot receive the verification code. Give a mobile number.`;
    return undefined;
  }
}
