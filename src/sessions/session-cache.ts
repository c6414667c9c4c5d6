import type { Clock } from '../shared/clock';
import type { CurrentSession } from './session.service';

interface Entry {
  session: CurrentSession;
  expiresAt: number;
  freshUntil: number;
}

/**
 * Recently resolved sessions, so `me` on every page load costs no query. Logout on this instance
 * takes effect at once; a revocation by another instance sharing the database, within `ttlMs`.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();

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
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, session: CurrentSession, expiresAt: Date): void {
    if (this.ttlMs <= 0) return;
    // Maps iterate in insertion order: the first key is the oldest entry.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { session, expiresAt: expiresAt.getTime(), freshUntil: this.clock().getTime() + this.ttlMs });
  }

  delete(token: string): void {
    this.entries.delete(token);
  }
}
