import type { Db } from '../../db/handles';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { clientLevel, destinationLevels, FLOORS, HISTORY_DAYS, slidingWindow, usualDay, type Level } from './budgets';
import { destinationOf, type Destination } from './destination';
import { ClosedBuckets, type History } from './closed-buckets';
import type { CountDelta, CountRow, GuardCountStore } from './guard-count.store';
import {
  bucketOf,
  CLIENT_PREFIX,
  countryMark,
  COUNTRY_HOUR_PREFIX,
  DAY,
  PREFIX_HOUR_PREFIX,
  HOUR,
  keys,
  rowsOf,
  type CountKey,
} from './guard-keys';
import { CONVERSION_WINDOW_MS, type GuardMetrics } from './guard-metrics';
import { MICROS, priceOf, type PriceTable } from './prices';
import type { CodeSend, GuardDecision, GuardMode, GuardReason, GuardVerdict, SendTicket } from './verdict';

/** The guard's settings: FRAUD_GUARD, SMS_PRICES and SMS_DAILY_BUDGET. */
export interface FraudGuardSettings {
  mode: GuardMode;
  prices: PriceTable;
  /** In the price table's currency; absent when there is no cap (SMS_DAILY_BUDGET=off). */
  dailyBudget?: number;
}

/** Checks a challenge's answer; the guard asks only when a code needs one. */
export interface ChallengeCheck {
  verify(response: string, ip?: string): Promise<boolean>;
}

export interface FraudGuardDeps {
  db: Db;
  store: GuardCountStore;
  settings: FraudGuardSettings;
  /** Keys the clients' rows (APP_SECRET), as the rate limits key theirs. */
  secret: string;
  clock: Clock;
  log: Logger;
  metrics: GuardMetrics;
  /** Absent when CAPTCHA_PROVIDER=off: a code near a budget then goes out, flagged. */
  challenges?: ChallengeCheck;
  /** Test numbers reach nobody and cost nothing. */
  isTestNumber: (phone: string) => boolean;
}

/**
 * In front of every code sent: budgets of unverified codes per prefix and per country, derived
 * from how many codes are entered there, a limit on the countries one client asks for, and a
 * daily cap in money (docs/FRAUD.md). Every count lives in the database, so every instance
 * judges by the same numbers; a code is counted before it is judged, so instances judging at
 * once each see the others' codes, and an attack split across them gets no more than one would.
 */
export class FraudGuard {
  private readonly closed = new ClosedBuckets();

  constructor(private readonly deps: FraudGuardDeps) {}

  get mode(): GuardMode {
    return this.deps.settings.mode;
  }

  /**
   * Counts the code and judges it, in one statement: the upsert answers the current buckets, and
   * the closed ones come from this instance's hourly copy (read once an hour per destination).
   */
  async check(send: CodeSend): Promise<GuardVerdict> {
    if (this.mode === 'off') return { decision: 'allowed', reason: 'guard-off', send: true };
    if (this.deps.isTestNumber(send.phone)) return this.done('allowed', 'test-number');
    const { db, store, settings } = this.deps;
    const now = this.deps.clock().getTime();
    const destination = destinationOf(send.phone);
    const client = send.ip === undefined ? undefined : keys.client(this.deps.secret, send.ip);
    const ticket: SendTicket = {
      // The day's spend is kept only for a cap to read; the metric counts in process.
      rows: rowsOf(destination, now, client, settings.dailyBudget === undefined ? undefined : settings.prices.currency),
      cost: Math.round(priceOf(settings.prices, destination.country, send.channel) * MICROS),
      currency: settings.prices.currency,
    };
    const current = await store.add(db, deltas(ticket, 1, countryMark(destination.country)));
    if (send.verifiedBefore === true) return this.done('allowed', 'verified-before', ticket);

    const history = await this.history(destination, now);
    let [decision, reason] = this.judge(current, history, destination, client, ticket, now, NOT_LIFTED);
    // Read only when a destination's budget holds the code back: an operator may have lifted it today.
    if (DESTINATION_REASONS.has(reason)) {
      const lifted = await this.lifted(destination, now);
      if (lifted.prefix || lifted.country)
        [decision, reason] = this.judge(current, history, destination, client, ticket, now, lifted);
    }
    if (decision !== 'allowed' && typeof send.verifiedBefore === 'function' && (await send.verifiedBefore()))
      return this.done('allowed', 'verified-before', ticket);
    if (decision === 'challenged' && !this.deps.challenges) decision = 'flagged';
    else if (decision === 'challenged' && send.captcha && (await this.deps.challenges?.verify(send.captcha, send.ip)))
      [decision, reason] = ['allowed', 'challenge-passed'];

    const proceed = this.mode === 'monitor' || decision === 'allowed' || decision === 'flagged';
    // A refused code is taken back, but stays among the countries its client asked for.
    if (!proceed) await store.add(db, deltas(ticket, -1));
    if (decision !== 'allowed') this.logDecision(decision, reason, destination, proceed);
    return this.done(decision, reason, proceed ? ticket : undefined, proceed);
  }

  /** Takes back what check() counted for a code that did not go out (an outage, a refused number). */
  async notSent(ticket: SendTicket): Promise<void> {
    await this.deps.store.add(this.deps.db, deltas(ticket, -1));
    this.deps.metrics.refund(ticket.currency, ticket.cost / MICROS);
  }

  /**
   * Takes a code whose text the carrier reports undelivered or failed out of its destination's
   * codes sent: nobody could have entered it, so a carrier's outage must not read as pumping. The
   * spend stays (the provider may charge for it), and so does the client's country asked for. Only
   * the last day's hours are judged by codes sent; an older text's report changes nothing.
   */
  async undelivered(text: { phone: string; sentAt: Date }): Promise<void> {
    if (this.mode === 'off' || this.deps.isTestNumber(text.phone)) return;
    const sentAt = text.sentAt.getTime();
    if (sentAt <= this.deps.clock().getTime() - DAY) return;
    const rows = rowsOf(destinationOf(text.phone), sentAt, undefined, undefined);
    await this.deps.store.add(
      this.deps.db,
      rows.map((row) => ({ ...row, sent: -1, verified: 0, spend: 0, asked: '', entered: '' })),
    );
  }

  /** Counts a code entered correctly: what lets a destination's budget grow with its real traffic. */
  async verified(entry: { phone: string; ip?: string }): Promise<void> {
    if (this.mode === 'off' || this.deps.isTestNumber(entry.phone)) return;
    const destination = destinationOf(entry.phone);
    const client = entry.ip === undefined ? undefined : keys.client(this.deps.secret, entry.ip);
    const rows = rowsOf(destination, this.deps.clock().getTime(), client, undefined);
    const entered = countryMark(destination.country);
    await this.deps.store.add(
      this.deps.db,
      rows.map((row) => ({ ...row, sent: 0, verified: 1, spend: 0, asked: '', entered })),
    );
  }

  /** Codes entered over codes sent per country, over the conversion gauge's window. */
  async conversion(): Promise<{ country: string; ratio: number }[]> {
    const since = bucketOf(this.deps.clock().getTime() - CONVERSION_WINDOW_MS, HOUR);
    const counts = await this.deps.store.byCountry(this.deps.db, since);
    return counts
      .filter((count) => count.sent > 0)
      .map(({ country, sent, verified }) => ({ country, ratio: Math.min(1, verified / sent) }));
  }

  /** Codes sent and entered per country since `since` (whole hours), for the admin API's conversion report. */
  countsByCountry(since: Date): Promise<{ country: string; sent: number; verified: number }[]> {
    return this.deps.store.byCountry(this.deps.db, bucketOf(since.getTime(), HOUR));
  }

  /** Codes sent and entered per prefix since `since` (whole hours), for the admin API's conversion report. */
  countsByPrefix(since: Date): Promise<{ prefix: string; sent: number; verified: number }[]> {
    return this.deps.store.byPrefix(this.deps.db, bucketOf(since.getTime(), HOUR));
  }

  /**
   * The prefixes and countries whose budget refuses codes now (an hour's or a day's over), with
   * their codes sent and entered over the last day; leaving out those an operator lifted today.
   */
  async blockedDestinations(): Promise<BlockedDestination[]> {
    const now = this.deps.clock().getTime();
    const hour = bucketOf(now, HOUR);
    const rows = await this.deps.store.hourRows(this.deps.db, bucketOf(now, DAY) - HISTORY_DAYS * DAY);
    const byKey = new Map<string, CountRow[]>();
    for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
    const blocked: BlockedDestination[] = [];
    for (const [key, own] of byKey) {
      const kind = key.startsWith(PREFIX_HOUR_PREFIX)
        ? 'prefix'
        : key.startsWith(COUNTRY_HOUR_PREFIX)
          ? 'country'
          : null;
      if (!kind) continue;
      const recent = own.filter((row) => row.bucket >= hour - DAY - HOUR);
      const levels = destinationLevels(recent, usualDay(own, now), FLOORS[kind], now);
      if (levels.hour !== 'over' && levels.day !== 'over') continue;
      const lastDay = slidingWindow(recent, HOUR, DAY, now);
      const destination = key.slice((kind === 'prefix' ? PREFIX_HOUR_PREFIX : COUNTRY_HOUR_PREFIX).length);
      blocked.push({ kind, destination, sent: Math.round(lastDay.sent), verified: Math.round(lastDay.verified) });
    }
    if (blocked.length === 0) return [];
    const lifts = await this.deps.store.present(
      this.deps.db,
      blocked.map((entry) => keys.unblock(entry.kind, entry.destination)),
      bucketOf(now, DAY),
    );
    return blocked
      .filter((entry) => !lifts.has(keys.unblock(entry.kind, entry.destination)))
      .sort((a, b) => b.sent - a.sent || a.destination.localeCompare(b.destination));
  }

  /**
   * Lifts a prefix's or a country's budgets for the rest of the UTC day, through `db` (the admin's
   * transaction): a row every instance reads when that budget would hold a code back.
   */
  async unblock(db: Db, kind: 'prefix' | 'country', destination: string): Promise<void> {
    const day = bucketOf(this.deps.clock().getTime(), DAY);
    const key = keys.unblock(kind, destination);
    await this.deps.store.add(db, [
      { key, bucket: day, dest: '', sent: 0, verified: 0, spend: 0, asked: '', entered: '' },
    ]);
  }

  /** Whether an operator lifted the destination's prefix or country budgets today. */
  private async lifted(destination: Destination, now: number): Promise<Lifted> {
    const [prefix, country] = [
      keys.unblock('prefix', destination.prefix),
      keys.unblock('country', destination.country),
    ];
    const present = await this.deps.store.present(this.deps.db, [prefix, country], bucketOf(now, DAY));
    return { prefix: present.has(prefix), country: present.has(country) };
  }

  /** Deletes the counts no decision reads any more, through `db` (housekeeping's transaction); answers how many rows went. */
  prune(db: Db = this.deps.db): Promise<number> {
    const now = this.deps.clock().getTime();
    return this.deps.store.prune(db, bucketOf(now - 2 * DAY, HOUR), bucketOf(now, DAY) - (HISTORY_DAYS + 1) * DAY);
  }

  /** The destination's hour buckets before the current one, from this hour's copy or, once an hour, the database. */
  private async history(destination: Destination, now: number): Promise<{ prefix: History; country: History }> {
    const hour = bucketOf(now, HOUR);
    const [prefixKey, countryKey] = [keys.prefixHour(destination), keys.countryHour(destination)];
    let prefix = this.closed.get(prefixKey, hour);
    let country = this.closed.get(countryKey, hour);
    if (!prefix || !country) {
      const missing = [prefix ? [] : [prefixKey], country ? [] : [countryKey]].flat();
      const since = bucketOf(now, DAY) - HISTORY_DAYS * DAY;
      const rows = await this.deps.store.closed(this.deps.db, { keys: missing, since, until: hour });
      const remember = (key: string) => {
        const own = rows.filter((row) => row.key === key);
        const history = { recent: own.filter((row) => row.bucket >= hour - DAY - HOUR), usualDay: usualDay(own, now) };
        this.closed.set(key, hour, history);
        return history;
      };
      prefix ??= remember(prefixKey);
      country ??= remember(countryKey);
    }
    return { prefix, country };
  }

  /** The first budget spent refuses; else the first one near its end challenges. */
  private judge(
    current: CountRow[],
    history: { prefix: History; country: History },
    destination: Destination,
    client: string | undefined,
    ticket: SendTicket,
    now: number,
    lifted: Lifted,
  ): [GuardDecision, GuardReason] {
    const of = (key: string) => current.filter((row) => row.key === key);
    const levelsOf = (key: string, { recent, usualDay }: History, floors: { hour: number; day: number }) =>
      destinationLevels([...recent, ...of(key)], usualDay, floors, now);
    const prefix = levelsOf(keys.prefixHour(destination), history.prefix, FLOORS.prefix);
    const country = levelsOf(keys.countryHour(destination), history.country, FLOORS.country);
    const levels: [Level, GuardReason][] = [
      [this.spendLevel(of(keys.spend), ticket), 'daily-spend'],
      [lifted.prefix ? 'ok' : prefix.day, 'prefix-daily'],
      [lifted.prefix ? 'ok' : prefix.hour, 'prefix-hourly'],
      [lifted.country ? 'ok' : country.day, 'country-daily'],
      [lifted.country ? 'ok' : country.hour, 'country-hourly'],
      [client ? clientLevel(of(client)[0]) : 'ok', 'client-countries'],
    ];
    const over = levels.find(([level]) => level === 'over');
    if (over) return ['blocked', over[1]];
    const near = levels.find(([level]) => level === 'near');
    return near ? ['challenged', near[1]] : ['allowed', 'within-budget'];
  }

  /** Spent once the day's spend before this code has reached the budget; there is no challenge for money. */
  private spendLevel(spendRows: CountRow[], ticket: SendTicket): Level {
    const budget = this.deps.settings.dailyBudget;
    if (budget === undefined) return 'ok';
    const before = spendRows.reduce((sum, row) => sum + row.spend, 0) - ticket.cost;
    return before >= Math.round(budget * MICROS) ? 'over' : 'ok';
  }

  private done(decision: GuardDecision, reason: GuardReason, ticket?: SendTicket, send = true): GuardVerdict {
    this.deps.metrics.decision(decision, reason);
    if (ticket && send) this.deps.metrics.spend(ticket.currency, ticket.cost / MICROS);
    return { decision, reason, send, ...(ticket ? { ticket } : {}) };
  }

  /** Country and prefix only: neither the number nor the client's address reaches the log. */
  private logDecision(decision: GuardDecision, reason: GuardReason, destination: Destination, sent: boolean) {
    const { country, prefix } = destination;
    const fields = { decision, reason, country, prefix, mode: this.mode };
    if (this.mode === 'monitor' && decision !== 'flagged')
      this.deps.log.warn(fields, `SMS guard (monitor): would have ${decision} this code; sent it anyway`);
    else if (sent) this.deps.log.warn(fields, 'SMS guard: sent a code near a budget, with no challenge to ask for');
    // Expected handling, as a rate limit's refusal is: counted in the metrics, noted here.
    else this.deps.log.info(fields, `SMS guard: ${decision} a code`);
  }
}

/** A prefix or a country whose budget refuses codes now. */
export interface BlockedDestination {
  kind: 'prefix' | 'country';
  /** `+1415` or `GB`. */
  destination: string;
  sent: number;
  verified: number;
}

/** Which of a destination's budgets an operator lifted for today. */
interface Lifted {
  prefix: boolean;
  country: boolean;
}

const NOT_LIFTED: Lifted = { prefix: false, country: false };

const DESTINATION_REASONS = new Set<GuardReason>(['prefix-daily', 'prefix-hourly', 'country-daily', 'country-hourly']);

/** Every row counts the code; the day's spend and the country's hour carry its price, the client's the country. */
function deltas(ticket: SendTicket, sign: 1 | -1, country = ''): CountDelta[] {
  return ticket.rows.map((row: CountKey) => ({
    ...row,
    sent: sign,
    verified: 0,
    spend: row.key === keys.spend || row.key.startsWith(COUNTRY_HOUR_PREFIX) ? sign * ticket.cost : 0,
    asked: row.key.startsWith(CLIENT_PREFIX) ? country : '',
    entered: '',
  }));
}
