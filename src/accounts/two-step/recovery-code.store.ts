import type { Db, Tx } from '../../db/handles';
import { RecoveryCode } from './recovery-code.entity';

/** Every statement on `recovery_codes`. */
export class RecoveryCodeStore {
  /** The account's codes from now on: the new set, none of the old. */
  async replace(tx: Tx, userId: string, hashes: string[]): Promise<void> {
    await tx.em.nativeDelete(RecoveryCode, { user: userId });
    await tx.em.insertMany(
      RecoveryCode,
      hashes.map((codeHash) => ({ user: userId, codeHash, usedAt: null })),
    );
  }

  async isUnused(db: Db, userId: string, codeHash: string): Promise<boolean> {
    return (await db.em.count(RecoveryCode, { user: userId, codeHash, usedAt: null })) > 0;
  }

  /** Uses a code up in one statement: false when it was used already (a concurrent sign-in, say). */
  async spend(tx: Tx, userId: string, codeHash: string, now: Date): Promise<boolean> {
    return (await tx.em.nativeUpdate(RecoveryCode, { user: userId, codeHash, usedAt: null }, { usedAt: now })) === 1;
  }

  unusedCount(db: Db, userId: string): Promise<number> {
    return db.em.count(RecoveryCode, { user: userId, usedAt: null });
  }

  async removeAll(tx: Tx, userId: string): Promise<void> {
    await tx.em.nativeDelete(RecoveryCode, { user: userId });
  }
}
