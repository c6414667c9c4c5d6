import { converted, execute } from '../db/dialect';
import type { Db, Tx } from '../db/handles';
import { User } from './user.entity';

export type UserMatch = { id: string } | { email: string } | { phoneNumber: string } | { namePrefix: string };

/** Every statement on `users`. */
export class UserStore {
  findByEmail(db: Db, email: string): Promise<User | null> {
    return db.em.findOne(User, { email });
  }

  findUnverifiedByEmail(db: Db, email: string): Promise<User | null> {
    return db.em.findOne(User, { email, verified: false });
  }

  findVerifiedByEmail(db: Db, email: string): Promise<User | null> {
    return db.em.findOne(User, { email, verified: true });
  }

  /**
   * The verified account with this number, if exactly one has it: a number several verified
   * accounts share names none of them in particular, and they sign in by email instead.
   */
  async findVerifiedByPhone(db: Db, phoneNumber: string): Promise<User | null> {
    const found = await db.em.find(User, { phoneNumber, verified: true }, { limit: 2 });
    return found.length === 1 ? found[0] : null;
  }

  findById(db: Db, id: string): Promise<User | null> {
    return db.em.findOne(User, { id });
  }

  /** The admin API's search: one exact field, or a name prefix (without LIKE's wildcards), a page in id order after `after`. */
  search(db: Db, match: UserMatch, page: { first: number; after?: string }): Promise<User[]> {
    const where = 'namePrefix' in match ? { name: { $like: `${match.namePrefix}%` } } : match;
    const after = page.after === undefined ? {} : { id: { $gt: page.after } };
    return db.em.find(User, { ...where, ...after }, { orderBy: { id: 'asc' }, limit: page.first });
  }

  /** With the lazy password hash, to confirm a signed-in user's password. */
  findByIdWithPassword(db: Db, id: string): Promise<User | null> {
    return db.em.findOne(User, { id }, { populate: ['passwordHash'] });
  }

  /** With the lazy password hash, for the places that check it (login, the same signup again). */
  findByEmailWithPassword(db: Db, email: string): Promise<User | null> {
    return db.em.findOne(User, { email }, { populate: ['passwordHash'] });
  }

  /** Whether an account still holds this Authy user. */
  async authyIdInUse(db: Db, authyId: number): Promise<boolean> {
    return (await db.em.count(User, { authyId })) > 0;
  }

  async phoneInUse(db: Db, phoneNumber: string): Promise<boolean> {
    return (await db.em.count(User, { phoneNumber })) > 0;
  }

  /**
   * Whether an account proved this number with a code: its owner verified it before. Asked before
   * every code the SMS guard judges, so one plain statement that stops at the first row.
   */
  async phoneVerified(db: Db, phoneNumber: string): Promise<boolean> {
    const found = await execute<unknown[]>(
      db,
      'select 1 as found from users where phone_number = ? and verified = ? limit 1',
      [phoneNumber, true],
    );
    return found.length > 0;
  }

  /**
   * False when the email is taken: the unique index decides races between concurrent signups. The
   * loser inserts nothing rather than fail: a failed statement is written to PostgreSQL's log with
   * its values (name, email, phone, password hash), where this process cannot mask it.
   */
  async insert(db: Db, user: User): Promise<boolean> {
    const result = await converted(db, (em) =>
      em.createQueryBuilder(User).insert(user).onConflict('email').ignore().execute('run'),
    );
    return result.affectedRows === 1;
  }

  /** Conditional, so of two winning checks only one verifies (and signs in, and confirms). */
  async markVerified(tx: Tx, id: string): Promise<boolean> {
    return (await tx.em.nativeUpdate(User, { id, verified: false }, { verified: true })) === 1;
  }

  /** With the sessions revoked and the notice queued in the same transaction. */
  async setPasswordHash(tx: Tx, id: string, passwordHash: string): Promise<void> {
    await tx.em.nativeUpdate(User, { id }, { passwordHash });
  }

  /** The number switches with the notice to the old one queued, and the Authy user that goes with the new one. */
  async changePhone(tx: Tx, id: string, phoneNumber: string, authyId: number | null): Promise<void> {
    await tx.em.nativeUpdate(User, { id }, { phoneNumber, authyId });
  }

  async setAuthyId(db: Db, id: string, authyId: number): Promise<void> {
    await db.em.nativeUpdate(User, { id }, { authyId });
  }

  /** Codes and sessions go with the user (foreign keys cascade). */
  async delete(db: Db, id: string): Promise<void> {
    await db.em.nativeDelete(User, { id });
  }

  /** Signups never verified since `before`, so their email and phone are free again. */
  deleteUnverifiedBefore(db: Db, before: Date): Promise<number> {
    return db.em.nativeDelete(User, { verified: false, createdAt: { $lt: before } });
  }
}
