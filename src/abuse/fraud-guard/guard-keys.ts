import { createHmac } from 'node:crypto';
import { ipSubject } from '../ip-subject';
import type { Destination } from './destination';

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** One row's identity in `sms_guard_counts`. */
export interface CountKey {
  key: string;
  bucket: number;
  dest: string;
}

export const COUNTRY_HOUR_PREFIX = 'h:c:';
export const COUNTRY_DAY_PREFIX = 'd:c:';

export const bucketOf = (time: number, span: number) => time - (time % span);

/**
 * The keys of a destination's rows, by span: the span leads, so housekeeping deletes a span's
 * old rows with one `like`, and a country's hour rows are found for the conversion gauge.
 */
export const keys = {
  prefixHour: (destination: Destination) => `h:p:${destination.prefix}`,
  prefixDay: (destination: Destination) => `d:p:${destination.prefix}`,
  countryHour: (destination: Destination) => `${COUNTRY_HOUR_PREFIX}${destination.country}`,
  countryDay: (destination: Destination) => `${COUNTRY_DAY_PREFIX}${destination.country}`,
  /** An HMAC, as the rate limits key theirs: the table holds no IP, and none can be guessed back from it. */
  client: (secret: string, ip: string) =>
    `h:i:${createHmac('sha256', secret)
      .update(`sms-guard:${ipSubject(ip)}`)
      .digest('base64url')}`,
  spend: 'd:s',
} as const;

/** Every row a code to `destination` counts in, at `now`; `ip` adds the client's row, `currency` the day's spend. */
export function rowsOf(
  destination: Destination,
  now: number,
  client: string | undefined,
  currency: string | undefined,
): CountKey[] {
  const hour = bucketOf(now, HOUR);
  const day = bucketOf(now, DAY);
  const rows: CountKey[] = [
    { key: keys.prefixHour(destination), bucket: hour, dest: '' },
    { key: keys.prefixDay(destination), bucket: day, dest: '' },
    { key: keys.countryHour(destination), bucket: hour, dest: '' },
    { key: keys.countryDay(destination), bucket: day, dest: '' },
  ];
  if (client) rows.push({ key: client, bucket: hour, dest: destination.country });
  if (currency) rows.push({ key: keys.spend, bucket: day, dest: currency });
  return rows;
}
