import type { Db, Tx } from '../db/handles';
import { PhoneChange } from './phone-change.entity';
import { User } from './user.entity';

/** Every statement on `phone_changes`. */
export class PhoneChangeStore {
  /** The user's change in progress, replacing any earlier one. */
  async replace(db: Db, change: { userId: string; newPhoneNumber: string; createdAt: Date; expiresAt: Date }): Promise<void> {
    const em = db.em;
    await em.nativeDelete(PhoneChange, { user: change.userId });
    const { userId, ...fields } = change;
    await em.insert(Object.assign(new PhoneChange(), { ...fields, user: em.getReference(User, userId) }));
  }

  async setAuthyId(db: Db, userId: string, authyId: number): Promise<void> {
    await db.em.nativeUpdate(PhoneChange, { user: userId }, { authyId });
  }

  /** The user's change still waiting for its code, or null. */
  findLive(db: Db, userId: string, now: Date): Promise<PhoneChange | null> {
    return db.em.findOne(PhoneChange, { user: userId, expiresAt: { $gt: now } }, { disableIdentityMap: true });
  }

  async delete(db: Db | Tx, userId: string): Promise<void> {
    await db.em.nativeDelete(PhoneChange, { user: userId });
  }

  pruneExpired(db: Db, now: Date): Promise<number> {
    return db.em.nativeDelete(PhoneChange, { expiresAt: { $lt: now } });
  }
}
