import { countriesIn, DAY, HOUR } from './guard-keys';
import type { CountRow } from './guard-count.store';

/**
 * The budgets of unverified codes (sent, never entered), documented in docs/FRAUD.md. A window's
 * budget is the larger of its floor and UNVERIFIED_PER_VERIFIED times the codes entered: in the
 * window itself (a launch, a burst) or on a usual busy day (the busiest of the last HISTORY_DAYS).
 * From CHALLENGE_FROM of a budget a code needs a solved challenge; past the budget, none goes out.
 */
export const FLOORS = {
  prefix: { hour: 6, day: 20 },
  country: { hour: 15, day: 60 },
} as const;

/** One unverified code for each entered one: real traffic converts at 60 to 90 %, so it stays below half. */
export const UNVERIFIED_PER_VERIFIED = 1;
export const CHALLENGE_FROM = 0.5;
export const HISTORY_DAYS = 14;
/** The busiest hour's share of a usual day, for the hour's budget from the daily history. */
export const BUSIEST_HOUR_SHARE = 1 / 6;
/** Countries a client may ask codes for in a UTC day without entering one: the next is challenged, any more refused. */
export const CLIENT_COUNTRIES = 2;

export type Level = 'ok' | 'near' | 'over';

export interface Window {
  sent: number;
  verified: number;
}

/**
 * The counts of the `window` before `now`, from rows of `span`-long buckets: an older bucket the
 * window only partly covers counts for the part it covers, as if its codes were spread evenly,
 * so a budget slides instead of refilling at the top of every hour.
 */
export function slidingWindow(rows: CountRow[], span: number, window: number, now: number): Window {
  const start = now - window;
  let sent = 0;
  let verified = 0;
  for (const row of rows) {
    const end = Math.min(row.bucket + span, now);
    const share = end <= row.bucket ? 1 : Math.max(0, end - Math.max(row.bucket, start)) / (end - row.bucket);
    sent += Math.max(0, row.sent) * share;
    verified += Math.max(0, row.verified) * share;
  }
  return { sent, verified };
}

export function level(unverified: number, budget: number): Level {
  if (unverified > budget) return 'over';
  return unverified > budget * CHALLENGE_FROM ? 'near' : 'ok';
}

/** The most codes entered on one UTC day of the HISTORY_DAYS before today, from hour rows. */
export function usualDay(hourRows: CountRow[], now: number): number {
  const today = now - (now % DAY);
  const byDay = new Map<number, number>();
  for (const row of hourRows) {
    const day = row.bucket - (row.bucket % DAY);
    if (day < today && day >= today - HISTORY_DAYS * DAY) byDay.set(day, (byDay.get(day) ?? 0) + row.verified);
  }
  return Math.max(0, ...byDay.values());
}

/** The hour's and the day's level of one destination, from its hour rows of the last day and its usual day. */
export function destinationLevels(
  hourRows: CountRow[],
  usual: number,
  floors: { hour: number; day: number },
  now: number,
): { hour: Level; day: Level } {
  const lastHour = slidingWindow(hourRows, HOUR, HOUR, now);
  const lastDay = slidingWindow(hourRows, HOUR, DAY, now);
  const budget = (floor: number, verified: number, usual: number) =>
    Math.max(floor, UNVERIFIED_PER_VERIFIED * Math.max(verified, usual));
  const unverified = (window: Window) => Math.max(0, window.sent - window.verified);
  return {
    hour: level(unverified(lastHour), budget(floors.hour, lastHour.verified, usual * BUSIEST_HOUR_SHARE)),
    day: level(unverified(lastDay), budget(floors.day, lastDay.verified, usual)),
  };
}

/** A client's level: how many countries it asked codes for today without entering one there. */
export function clientLevel(row: CountRow | undefined): Level {
  if (!row) return 'ok';
  const entered = countriesIn(row.entered);
  const unverified = [...countriesIn(row.asked)].filter((country) => !entered.has(country)).length;
  if (unverified > CLIENT_COUNTRIES + 1) return 'over';
  return unverified > CLIENT_COUNTRIES ? 'near' : 'ok';
}
