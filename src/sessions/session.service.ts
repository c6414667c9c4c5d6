import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sqlite';
import type { User } from '../accounts/user.entity';
import type { Clock } from '../shared/clock';
import { Session } from './session.entity';

/** What the client receives once; the server keeps only its hash. */
export interface SessionGrant {
  token: string;
  expiresAt: Date;
}

export interface CurrentSession {
  id: string;
  user: User;
}

export class SessionService {
  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** 256 random bits: far past guessing, so a plain SHA-256 (no salt, no stretching) is enough to store it. */
  open(em: EntityManager, user: User): SessionGrant {
    const token = randomBytes(32).toString('base64url');
    const createdAt = this.clock();
    const expiresAt = new Date(createdAt.getTime() + this.ttlMs);
    em.persist(Object.assign(new Session(), { tokenHash: hashToken(token), user, createdAt, expiresAt }));
    return { token, expiresAt };
  }

  /** The live session a token opens, or null when it is unknown, revoked or expired. */
  async resolve(em: EntityManager, token: string): Promise<CurrentSession | null> {
    const session = await em.findOne(
      Session,
      { tokenHash: hashToken(token), revokedAt: null, expiresAt: { $gt: this.clock() } },
      { populate: ['user'] },
    );
    return session ? { id: session.id, user: session.user } : null;
  }

  async revoke(em: EntityManager, sessionId: string): Promise<boolean> {
    const revoked = await em.nativeUpdate(Session, { id: sessionId, revokedAt: null }, { revokedAt: this.clock() });
    return revoked === 1;
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
