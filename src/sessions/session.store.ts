import { randomUUID } from 'node:crypto';
import { execute } from '../db/dialect';
import type { Db } from '../db/handles';
import { Session } from './session.entity';
import type { SignedInWith } from './sign-in-method';

/** The session's user was deleted (an account deleted while it signed in): no session was opened. */
export class SessionUserGone extends Error {
  constructor() {
    super('the user of the session is gone');
    this.name = 'SessionUserGone';
  }
}

/** Every statement on `sessions`. */
export class SessionStore {
  /**
   * Inserts nothing, and throws SessionUserGone, when the user is gone (deleted by a concurrent
   * deleteAccount) rather than let the foreign key refuse the row: a failed statement is written
   * to PostgreSQL's log with its values (token hash, user agent), where this process cannot mask
   * it. On PostgreSQL the user's row is share-locked, so a delete under way is waited for and
   * seen, and one that comes after waits for this insert and then removes its row too.
   */
  async insert(
    db: Db,
    session: {
      tokenHash: string;
      userId: string;
      createdAt: Date;
      expiresAt: Date;
      userAgent: string | null;
    } & SignedInWith,
  ): Promise<string> {
    const id = randomUUID();
    const { dialect } = db;
    const inserted = await execute<{ id: string }[]>(
      db,
      `insert into sessions (id, token_hash, user_id, created_at, expires_at, user_agent, signed_in_with, second_step)
       select ${dialect.param('uuid')}, ?, id, ${dialect.param('timestamptz')}, ${dialect.param('timestamptz')}, ?, ?, ? from users where id = ?${dialect.lockParent}
       returning id`,
      [
        id,
        session.tokenHash,
        dialect.time(session.createdAt),
        dialect.time(session.expiresAt),
        session.userAgent,
        session.signedInWith,
        session.secondStep,
        session.userId,
      ],
    );
    if (inserted.length === 0) throw new SessionUserGone();
    return id;
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

  async revokeAllOfExcept(db: Db, userId: string, keepId: string, now: Date): Promise<number> {
    return db.em.nativeUpdate(Session, { user: userId, id: { $ne: keepId }, revokedAt: null }, { revokedAt: now });
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
