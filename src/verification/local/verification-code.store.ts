import { raw } from '@mikro-orm/core';
import { User } from '../../users/user.entity';
import type { Db } from '../../db/handles';
import type { CodePurpose } from '../verification-provider';
import { VerificationCode } from './verification-code.entity';

/** Every statement on `verification_codes`. */
export class VerificationCodeStore {
  async insert(
    db: Db,
    code: { userId: string; purpose: CodePurpose; codeHash: string; createdAt: Date; expiresAt: Date },
  ): Promise<number> {
    const em = db.em;
    return em.insert(Object.assign(new VerificationCode(), { ...code, user: em.getReference(User, code.userId) }));
  }

  async delete(db: Db, id: number): Promise<void> {
    await db.em.nativeDelete(VerificationCode, { id });
  }

  /**
   * Closes the user's open codes made before `newestId`. Never a later one: two sends at once
   * would otherwise close each other's code and leave the person none that works.
   */
  async closeOlder(db: Db, userId: string, purpose: CodePurpose, newestId: number, now: Date): Promise<void> {
    await db.em.nativeUpdate(
      VerificationCode,
      { user: userId, purpose, closedAt: null, id: { $lt: newestId } },
      { closedAt: now },
    );
  }

  /** The user's newest code for this purpose: codes for other purposes are never looked at. */
  latest(db: Db, userId: string, purpose: CodePurpose): Promise<VerificationCode | null> {
    return db.em.findOne(VerificationCode, { user: userId, purpose }, { orderBy: { id: 'desc' } });
  }

  /** Conditional: of several concurrent checks with the right code, exactly one spends it. */
  async spend(db: Db, id: number, maxFailedChecks: number, now: Date): Promise<boolean> {
    const spent = await db.em.nativeUpdate(
      VerificationCode,
      { id, closedAt: null, failedAttempts: { $lt: maxFailedChecks }, expiresAt: { $gt: now } },
      { closedAt: now },
    );
    return spent === 1;
  }

  /** Counts one wrong try and answers how many there are now. */
  async countFailure(db: Db, id: number, maxFailedChecks: number): Promise<number> {
    const em = db.em;
    await em.nativeUpdate(
      VerificationCode,
      { id, failedAttempts: { $lt: maxFailedChecks } },
      { failedAttempts: raw('failed_attempts + 1') },
    );
    return (await em.findOneOrFail(VerificationCode, id, { refresh: true })).failedAttempts;
  }
}
