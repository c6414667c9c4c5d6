import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sqlite';
import type { Clock } from '../shared/clock';
import { RateLimitCounter } from './rate-limit-counter.entity';

/** At most `max` events per `windowMs`, counted per subject (an IP, a phone, an email). */
export interface Limit {
  name: string;
  max: number;
  windowMs: number;
}

export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Fixed windows that open at a subject's first event. Each hit is one atomic upsert, so
 * concurrent requests, and several instances sharing the database, count exactly.
 */
export class RateLimiter {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /** Counts one event; refused once the window already holds `max`. */
  async hit(limit: Limit, subject: string): Promise<LimitResult> {
    const now = this.clock().getTime();
    const expired = now - limit.windowMs;
    const [row] = await this.em.getConnection().execute<{ count: number; window_start: number }[]>(
      `insert into rate_limit_counters (key, window_start, count) values (?, ?, 1)
       on conflict (key) do update set
         count = case when window_start <= ? then 1 else count + 1 end,
         window_start = case when window_start <= ? then excluded.window_start else window_start end
       returning count, window_start`,
      [keyOf(limit, subject), now, expired, expired],
    );
    return row.count <= limit.max ? { ok: true } : refused(limit, Number(row.window_start), now);
  }

  /** Takes back one event counted by hit(), say a login attempt that turned out to succeed. */
  async refund(limit: Limit, subject: string): Promise<void> {
    await this.em.getConnection().execute('update rate_limit_counters set count = max(count - 1, 0) where key = ?', [keyOf(limit, subject)], 'run');
  }

  async clear(limit: Limit, subject: string): Promise<void> {
    await this.em.fork().nativeDelete(RateLimitCounter, { key: keyOf(limit, subject) });
  }

  /** Drops windows that ended long ago; counters are otherwise kept forever. */
  async prune(olderThanMs: number): Promise<number> {
    return this.em.fork().nativeDelete(RateLimitCounter, { windowStart: { $lt: this.clock().getTime() - olderThanMs } });
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
}

/** Hashed: the table then holds no emails, phones or IPs, and any input is a safe key. */
function keyOf(limit: Limit, subject: string): string {
  return `${limit.name}:${createHash('sha256').update(subject).digest('base64url')}`;
}

function refused(limit: Limit, windowStart: number, now: number): LimitResult {
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + limit.windowMs - now) / 1000)) };
}
