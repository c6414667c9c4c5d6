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

export const HOUR_PREFIX = 'h:';
export const COUNTRY_HOUR_PREFIX = 'h:c:';
export const PREFIX_HOUR_PREFIX = 'h:p:';
export const CLIENT_PREFIX = 'i:';
export const SPEND_PREFIX = 'd:s';
/** An operator's unblock of a destination for one UTC day: the row's presence is the lift. */
export const UNBLOCK_PREFIX = 'u:';

export const bucketOf = (time: number, span: number) => time - (time % span);

/**
 * The keys of the rows, by what they count: each kept for its own time, so each kind has a prefix
 * of its own that housekeeping deletes by, and the conversion gauge finds the countries' rows by.
 */
export const keys = {
  prefixHour: (destination: Destination) => `${PREFIX_HOUR_PREFIX}${destination.prefix}`,
  countryHour: (destination: Destination) => `${COUNTRY_HOUR_PREFIX}${destination.country}`,
  /**
   * A client's UTC day. An HMAC, as the rate limits key theirs: the table holds no IP, and none
   * can be guessed back from it.
   */
  client: (secret: string, ip: string) =>
    `${CLIENT_PREFIX}${createHmac('sha256', secret)
      .update(`sms-guard:${ipSubject(ip)}`)
      .digest('base64url')}`,
  spend: SPEND_PREFIX,
  unblock: (kind: 'prefix' | 'country', value: string) => `${UNBLOCK_PREFIX}${kind === 'prefix' ? 'p' : 'c'}:${value}`,
} as const;

/** A country in a client's sets of countries asked for and entered: `<GB>`, so that `like '%<GB>%'` finds it. */
export const countryMark = (country: string) => `<${country}>`;

export const countriesIn = (marks: string) => new Set(marks.match(/<[^>]*>/g) ?? []);

/** Every row a code to `destination` counts in, at `now`: a client's with `client`, the day's spend with `currency`. */
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
    { key: keys.countryHour(destination), bucket: hour, dest: '' },
  ];
  if (client) rows.push({ key: client, bucket: day, dest: '' });
  if (currency) rows.push({ key: keys.spend, bucket: day, dest: currency });
  return rows;
}
