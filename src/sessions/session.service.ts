import { createHash, randomBytes } from 'node:crypto';
import type { User } from '../accounts/user.entity';
import type { Db } from '../db/handles';
import type { Clock } from '../shared/clock';
import type { SessionCache } from './session-cache';
import type { SessionStore } from './session.store';
import type { RevocationFeed } from './revocations';

/** What the client receives once; the server keeps only its hash. */
export interface SessionGrant {
  token: string;
  expiresAt: Date;
}

/** The signed-in user as `me` shows it: a plain copy, detached from any EntityManager. */
export type SessionUser = Omit<User, 'passwordHash'>;

export interface CurrentSession {
  id: string;
  /** Kept to drop the cached session on logout; the cache is keyed by it so a hit hashes nothing. */
  token: string;
  user: SessionUser;
}

export class SessionService {
  constructor(
    private readonly db: Db,
    private readonly store: SessionStore,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly cache: SessionCache,
    private readonly revocations: RevocationFeed,
  ) {}

  /** 256 random bits: far past guessing, so a plain SHA-256 (no salt, no stretching) is enough to store it. */
  async open(db: Db, user: User): Promise<SessionGrant> {
    const token = randomBytes(32).toString('base64url');
    const createdAt = this.clock();
    const expiresAt = new Date(createdAt.getTime() + this.ttlMs);
    await this.store.insert(db, { tokenHash: hashToken(token), userId: user.id, createdAt, expiresAt });
    return { token, expiresAt };
  }

  /** The live session a token opens, or null when it is unknown, revoked or expired. */
  async resolve(token: string): Promise<CurrentSession | null> {
    const cached = this.cache.get(token);
    if (cached) return cached;
    const session = await this.store.findLive(this.db, hashToken(token), this.clock());
    if (!session) return null;
    const { id, name, email, phoneNumber, verified, createdAt, locale, authyId } = session.user;
    // A plain copy: an entity would keep its EntityManager alive, and `new User()` is not free.
    const user: SessionUser = { id, name, email, phoneNumber, verified, createdAt, locale, authyId };
    const current = { id: session.id, token, user };
    this.cache.set(token, current, session.expiresAt);
    return current;
  }

  /**
   * Ends the request's session and, when it also carried another token (a cookie beside a bearer
   * header), that one's: whoever logs out means every session the request holds.
   */
  async logout(session: CurrentSession | null, otherToken?: string): Promise<boolean> {
    const other = otherToken ? await this.resolve(otherToken) : null;
    const revoked = await Promise.all([session, other].filter((s): s is CurrentSession => s !== null).map((s) => this.revoke(s)));
    return revoked.includes(true);
  }

  async revoke(session: CurrentSession): Promise<boolean> {
    this.cache.delete(session.token);
    const revoked = await this.store.revoke(this.db, session.id, this.clock());
    if (revoked) await this.revocations.announce(this.db, { sessionIds: [session.id] });
    return revoked;
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
