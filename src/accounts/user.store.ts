import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Db, Tx } from '../db/handles';
import { User } from './user.entity';

/** Every statement on `users`. */
export class UserStore {
  findByEmail(db: Db, email: string): Promise<User | null> {
    return db.em.findOne(User, { email });
  }

  findUnverifiedByEmail(db: Db, email: string): Promise<User | null> {
    return db.em.findOne(User, { email, verified: false });
  }

  /** With the lazy password hash, for the one place that checks it. */
  findByEmailWithPassword(db: Db, email: string): Promise<User | null> {
    return db.em.findOne(User, { email }, { populate: ['passwordHash'] });
  }

  async emailTaken(db: Db, email: string): Promise<boolean> {
    return (await db.em.count(User, { email })) > 0;
  }

  /** False when the email is taken: the unique index decides races between concurrent signups. */
  async insert(db: Db, user: User): Promise<boolean> {
    try {
      await db.em.insert(user);
      return true;
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) return false;
      throw error;
    }
  }

  /** Conditional, so of two winning checks only one verifies (and signs in, and confirms). */
  async markVerified(tx: Tx, id: string): Promise<boolean> {
    return (await tx.em.nativeUpdate(User, { id, verified: false }, { verified: true })) === 1;
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
