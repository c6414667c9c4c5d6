import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sqlite';
import { User } from '../accounts/user.entity';
import type { Clock } from '../shared/clock';
import { Session } from './session.entity';
import type { SessionCache } from './session-cache';

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
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly cache: SessionCache,
  ) {}

  /** 256 random bits: far past guessing, so a plain SHA-256 (no salt, no stretching) is enough to store it. */
  async open(em: EntityManager, user: User): Promise<SessionGrant> {
    const token = randomBytes(32).toString('base64url');
    const createdAt = this.clock();
    const expiresAt = new Date(createdAt.getTime() + this.ttlMs);
    await em.insert(Object.assign(new Session(), { tokenHash: hashToken(token), user: em.getReference(User, user.id), createdAt, expiresAt }));
    return { token, expiresAt };
  }

  /** The live session a token opens, or null when it is unknown, revoked or expired. */
  async resolve(em: () => EntityManager, token: string): Promise<CurrentSession | null> {
    const cached = this.cache.get(token);
    if (cached) return cached;
    const session = await em().findOne(
      Session,
      { tokenHash: hashToken(token), revokedAt: null, expiresAt: { $gt: this.clock() } },
      { populate: ['user'], connectionType: 'read' },
    );
    if (!session) return null;
    const { id, name, email, phoneNumber, verified, createdAt, authyId } = session.user;
    // A plain copy: an entity would keep its EntityManager alive, and `new User()` is not free.
    const user: SessionUser = { id, name, email, phoneNumber, verified, createdAt, authyId };
    const current = { id: session.id, token, user };
    this.cache.set(token, current, session.expiresAt);
    return current;
  }

  async revoke(em: EntityManager, session: CurrentSession): Promise<boolean> {
    this.cache.delete(session.token);
    const revoked = await em.nativeUpdate(Session, { id: session.id, revokedAt: null }, { revokedAt: this.clock() });
    return revoked === 1;
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
