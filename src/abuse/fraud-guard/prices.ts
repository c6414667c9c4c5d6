/** The ways a code reaches a phone, each priced apart: a call or a WhatsApp message costs its own. */
export const CHANNELS = ['sms', 'call', 'whatsapp'] as const;
export type Channel = (typeof CHANNELS)[number];

export type ChannelPrices = Record<Channel, number>;

/** What one code costs, per destination country and channel, in one currency. */
export interface PriceTable {
  /** ISO 4217, such as USD: the unit of every price here and of SMS_DAILY_BUDGET. */
  currency: string;
  /** When the prices were read off the provider's list, so an operator can tell how stale they are. */
  date: string;
  /** For every country the table does not name, and every channel a named one leaves out. */
  fallback: ChannelPrices;
  /** By ISO 3166 country code. */
  countries: Record<string, Partial<ChannelPrices>>;
}

const price = (sms: number, call: number, whatsapp: number): ChannelPrices => ({ sms, call, whatsapp });

/**
 * Approximate public list prices of one verification message (a call: its first minute), rounded
 * up, in USD, as of the date below. The countries not named cost the fallback, set high on
 * purpose: pumping schemes favour expensive destinations, and an unknown one should spend the
 * daily budget fast rather than slowly. Operators should load their provider's own (SMS_PRICES).
 */
export const DEFAULT_PRICES: PriceTable = {
  currency: 'USD',
  date: '2026-12-01',
  fallback: price(0.3, 0.2, 0.06),
  countries: {
    US: price(0.0083, 0.014, 0.0135),
    CA: price(0.0083, 0.014, 0.0135),
    GB: price(0.046, 0.02, 0.036),
    IE: price(0.08, 0.03, 0.04),
    DE: price(0.095, 0.03, 0.064),
    FR: price(0.08, 0.03, 0.039),
    ES: price(0.08, 0.03, 0.029),
    IT: price(0.085, 0.03, 0.029),
    PT: price(0.045, 0.03, 0.029),
    NL: price(0.1, 0.03, 0.064),
    BE: price(0.1, 0.03, 0.064),
    CH: price(0.07, 0.03, 0.053),
    AT: price(0.1, 0.03, 0.064),
    SE: price(0.07, 0.03, 0.053),
    PL: price(0.04, 0.03, 0.049),
    BR: price(0.035, 0.03, 0.0068),
    MX: price(0.05, 0.03, 0.0061),
    AR: price(0.07, 0.04, 0.037),
    IN: price(0.085, 0.03, 0.0014),
    JP: price(0.08, 0.05, 0.03),
    AU: price(0.055, 0.03, 0.04),
    NZ: price(0.1, 0.04, 0.06),
    ZA: price(0.03, 0.04, 0.0076),
    SG: price(0.04, 0.03, 0.045),
    HK: price(0.06, 0.03, 0.03),
  },
};

/** Whole millionths of a unit: spend is summed in the database as an integer, without rounding drift. */
export const MICROS = 1_000_000;

export function priceOf(table: PriceTable, country: string, channel: Channel): number {
  return table.countries[country]?.[channel] ?? table.fallback[channel];
}
