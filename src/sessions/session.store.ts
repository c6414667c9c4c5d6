import { User } from '../users/user.entity';
import type { Db } from '../db/handles';
import { Session } from './session.entity';

/** Every statement on `sessions`. */
export class SessionStore {
  async insert(
    db: Db,
    session: { tokenHash: string; userId: string; createdAt: Date; expiresAt: Date; userAgent: string | null },
  ): Promise<string> {
    const em = db.em;
    const { userId, ...fields } = session;
    const row = Object.assign(new Session(), { ...fields, user: em.getReference(User, userId) });
    await em.insert(row);
    return row.id;
  }

  /** The live session with this token hash, with its user; read beside the writer where there is a second connection. */
  findLive(db: Db, tokenHash: string, now: Date): Promise<Session | null> {
    return db.em.findOne(
      Session,
      { tokenHash, revokedAt: null, expiresAt: { $gt: now } },
      { populate: ['user'], connectionType: 'read' },
    );
  }

  /** A user's live sessions, newest first. */
  listLive(db: Db, userId: string, now: Date): Promise<Session[]> {
    return db.em.find(
      Session,
      { user: userId, revokedAt: null, expiresAt: { $gt: now } },
      { orderBy: { createdAt: 'desc', id: 'asc' }, disableIdentityMap: true },
    );
  }

  async revoke(db: Db, id: string, now: Date): Promise<boolean> {
    return (await db.em.nativeUpdate(Session, { id, revokedAt: null }, { revokedAt: now })) === 1;
  }

  /** Only a session of this user: another user's id is treated as no session at all. */
  async revokeOwn(db: Db, id: string, userId: string, now: Date): Promise<boolean> {
    return (await db.em.nativeUpdate(Session, { id, user: userId, revokedAt: null }, { revokedAt: now })) === 1;
  }

  async revokeAllOf(db: Db, userId: string, now: Date): Promise<number> {
    return db.em.nativeUpdate(Session, { user: userId, revokedAt: null }, { revokedAt: now });
  }

  /** Records a use, unless one was recorded since `unlessSince`: at most one write a minute per session. */
  async touch(db: Db, id: string, now: Date, unlessSince: Date): Promise<void> {
    await db.em.nativeUpdate(
      Session,
      { id, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: unlessSince } }] },
      { lastUsedAt: now },
    );
  }

  /** Sessions that ended (expired or revoked) before `before`: nobody can use them, and their user agents are personal data. */
  pruneEnded(db: Db, before: Date): Promise<number> {
    return db.em.nativeDelete(Session, { $or: [{ expiresAt: { $lt: before } }, { revokedAt: { $lt: before } }] });
  }
}
