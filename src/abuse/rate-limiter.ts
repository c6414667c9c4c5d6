import { createHmac } from 'node:crypto';
import type { Db } from '../db/handles';
import type { Clock } from '../shared/clock';
import type { RateLimitCounterStore } from './rate-limit-counter.store';

/** At most `max` events per `windowMs`, counted per subject (an IP, a phone, an email). */
export interface Limit {
  name: string;
  max: number;
  windowMs: number;
}

export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiterDeps {
  db: Db;
  counters: RateLimitCounterStore;
  /** Keys the counters (APP_SECRET), so their keys cannot be matched against guessed subjects. */
  secret: string;
  clock: Clock;
}

/**
 * Fixed windows that open at a subject's first event. Each hit is one atomic upsert, so
 * concurrent requests, and several instances sharing the database, count exactly.
 */
export class RateLimiter {
  constructor(private readonly deps: RateLimiterDeps) {}

  /** Counts one event; refused once the window already holds `max`. */
  async hit(limit: Limit, subject: string): Promise<LimitResult> {
    const now = this.deps.clock().getTime();
    const { count, windowStart } = await this.deps.counters.hit(
      this.deps.db,
      this.keyOf(limit, subject),
      now,
      now - limit.windowMs,
    );
    return count <= limit.max ? { ok: true } : refused(limit, windowStart, now);
  }

  /** Takes back one event counted by hit(), say a login attempt that turned out to succeed. */
  refund(limit: Limit, subject: string): Promise<void> {
    return this.deps.counters.refund(this.deps.db, this.keyOf(limit, subject));
  }

  /** Forgets the subject's window; through `db` when it must commit with other writes (an admin's audit entry). */
  clear(limit: Limit, subject: string, db: Db = this.deps.db): Promise<void> {
    return this.deps.counters.clear(db, this.keyOf(limit, subject));
  }

  /** The moment every one of these limits would take another event; now, when they all would. */
  async nextAllowed(limits: [Limit | undefined, string][]): Promise<Date> {
    const now = this.deps.clock().getTime();
    let next = now;
    for (const [limit, subject] of limits) {
      if (!limit) continue;
      const window = await this.deps.counters.read(this.deps.db, this.keyOf(limit, subject));
      if (window && window.windowStart > now - limit.windowMs && window.count >= limit.max)
        next = Math.max(next, window.windowStart + limit.windowMs);
    }
    return new Date(next);
  }

  /** Whether the subject's current window of this limit holds any event. */
  async counted(limit: Limit, subject: string): Promise<boolean> {
    const window = await this.deps.counters.read(this.deps.db, this.keyOf(limit, subject));
    return !!window && window.count > 0 && window.windowStart > this.deps.clock().getTime() - limit.windowMs;
  }

  now(): Date {
    return this.deps.clock();
  }

  /** The first of several limits that refuses, counting against each in turn. */
  async hitAll(hits: [Limit | undefined, string][]): Promise<LimitResult> {
    for (const [limit, subject] of hits) {
      if (!limit) continue;
      const result = await this.hit(limit, subject);
      if (!result.ok) return result;
    }
    return { ok: true };
  }

  /**
   * An HMAC, not a plain hash: the table holds no emails, phones or IPs, any input is a safe key,
   * and without the secret nobody can hash every phone number of a country to find one.
   */
  private keyOf(limit: Limit, subject: string): string {
    return `${limit.name}:${createHmac('sha256', this.deps.secret).update(subject).digest('base64url')}`;
  }
}

function refused(limit: Limit, windowStart: number, now: number): LimitResult {
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + limit.windowMs - now) / 1000)) };
}
