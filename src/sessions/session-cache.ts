import type { Clock } from '../shared/clock';
import type { CurrentSession } from './current-session';

interface Entry {
  session: CurrentSession;
  expiresAt: number;
  freshUntil: number;
}

/**
 * Recently resolved sessions, so `me` on every page load costs no query. A revocation on this
 * instance takes effect at once; one by another instance sharing the database, when its
 * notification arrives (PostgreSQL) or within `ttlMs` at the latest.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private suspended = false;
  /** Session id to token, so a revocation announced by id finds its entry. */
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(token: string): CurrentSession | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    const now = this.clock().getTime();
    if (now < entry.freshUntil && now < entry.expiresAt) return entry.session;
    this.delete(token);
    return undefined;
  }

  set(token: string, session: CurrentSession, expiresAt: Date): void {
    if (this.ttlMs <= 0 || this.suspended) return;
    // Maps iterate in insertion order: the first key is the oldest entry.
    const [oldest] = this.entries.keys();
    if (this.entries.size >= this.maxEntries && oldest !== undefined) this.delete(oldest);
    this.entries.set(token, {
      session,
      expiresAt: expiresAt.getTime(),
      freshUntil: this.clock().getTime() + this.ttlMs,
    });
    this.tokens.set(session.id, token);
  }

  delete(token: string): void {
    const entry = this.entries.get(token);
    if (!entry) return;
    this.entries.delete(token);
    this.tokens.delete(entry.session.id);
  }

  deleteSession(sessionId: string): void {
    const token = this.tokens.get(sessionId);
    if (token) this.delete(token);
  }

  /** Every cached session of a user; rare (a password reset, a deleted account), so a scan will do. */
  deleteUser(userId: string): void {
    for (const [token, entry] of this.entries) if (entry.session.user.id === userId) this.delete(token);
  }

  /** Empties the cache and keeps it empty, while revocations elsewhere cannot be heard of. */
  suspend(): void {
    this.suspended = true;
    this.entries.clear();
    this.tokens.clear();
  }

  resume(): void {
    this.suspended = false;
  }
}
