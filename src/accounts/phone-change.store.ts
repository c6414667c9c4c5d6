import { execute } from '../db/dialect';
import type { Db, Tx } from '../db/handles';
import { PhoneChange } from './phone-change.entity';

/** Every statement on `phone_changes`. */
export class PhoneChangeStore {
  /**
   * The user's change in progress, replacing any earlier one in one statement, so two starts at
   * once cannot both insert. Answers the Authy user of the change it replaced, for its removal,
   * or 'user gone' when the user was deleted meanwhile: then nothing is written, rather than a
   * row the foreign key refuses, since PostgreSQL logs a failed statement with its values (the
   * new number). There the user's row is share-locked, so a delete under way is waited for and
   * seen, and one that comes after waits for this write and removes the row with the user.
   */
  async replace(
    db: Db,
    change: { userId: string; newPhoneNumber: string; createdAt: Date; expiresAt: Date },
  ): Promise<{ replacedAuthyId: number | null } | 'user gone'> {
    const { dialect } = db;
    const time = dialect.param('timestamptz');
    const previous = await db.em.findOne(PhoneChange, { user: change.userId }, { disableIdentityMap: true });
    const written = await execute<{ user_id: string }[]>(
      db,
      `insert into phone_changes (user_id, new_phone_number, authy_id, created_at, expires_at)
       select id, ?, null, ${time}, ${time} from users where id = ?${dialect.lockParent}
       on conflict (user_id) do update set new_phone_number = excluded.new_phone_number, authy_id = null,
         created_at = excluded.created_at, expires_at = excluded.expires_at
       returning user_id`,
      [change.newPhoneNumber, dialect.time(change.createdAt), dialect.time(change.expiresAt), change.userId],
    );
    return written.length === 0 ? 'user gone' : { replacedAuthyId: previous?.authyId ?? null };
  }

  async authyIdInUse(db: Db, authyId: number): Promise<boolean> {
    return (await db.em.count(PhoneChange, { authyId })) > 0;
  }

  async setAuthyId(db: Db, userId: string, authyId: number): Promise<void> {
    await db.em.nativeUpdate(PhoneChange, { user: userId }, { authyId });
  }

  /** The user's change still waiting for its code, or null. */
  findLive(db: Db, userId: string, now: Date): Promise<PhoneChange | null> {
    return db.em.findOne(PhoneChange, { user: userId, expiresAt: { $gt: now } }, { disableIdentityMap: true });
  }

  async delete(db: Db, userId: string): Promise<void> {
    await db.em.nativeDelete(PhoneChange, { user: userId });
  }

  /** Takes the change read before the code was checked, and only that one: false if a newer start replaced it meanwhile. */
  async consume(tx: Tx, change: PhoneChange): Promise<boolean> {
    return (
      (await tx.em.nativeDelete(PhoneChange, {
        user: change.user,
        newPhoneNumber: change.newPhoneNumber,
        createdAt: change.createdAt,
      })) === 1
    );
  }

  pruneExpired(db: Db, now: Date): Promise<number> {
    return db.em.nativeDelete(PhoneChange, { expiresAt: { $lt: now } });
  }
}
