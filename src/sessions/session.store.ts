import { User } from '../accounts/user.entity';
import type { Db } from '../db/handles';
import { Session } from './session.entity';

/** Every statement on `sessions`. */
export class SessionStore {
  async insert(db: Db, session: { tokenHash: string; userId: string; createdAt: Date; expiresAt: Date }): Promise<string> {
    const em = db.em;
    const row = Object.assign(new Session(), { tokenHash: session.tokenHash, user: em.getReference(User, session.userId), createdAt: session.createdAt, expiresAt: session.expiresAt });
    await em.insert(row);
    return row.id;
  }

  /** The live session with this token hash, with its user; read beside the writer where there is a second connection. */
  findLive(db: Db, tokenHash: string, now: Date): Promise<Session | null> {
    return db.em.findOne(Session, { tokenHash, revokedAt: null, expiresAt: { $gt: now } }, { populate: ['user'], connectionType: 'read' });
  }

  async revoke(db: Db, id: string, now: Date): Promise<boolean> {
    return (await db.em.nativeUpdate(Session, { id, revokedAt: null }, { revokedAt: now })) === 1;
  }
}
