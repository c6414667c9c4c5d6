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

  /** The id of the message or call that carried the code, and the sealed code when a fallback call may need it. */
  async attachMessage(db: Db, id: number, messageSid: string, fallback: string | null): Promise<void> {
    await db.em.nativeUpdate(VerificationCode, { id }, { messageSid, fallback });
  }

  /**
   * Closes the user's open codes made before `newestId`. Never a later one: two sends at once
   * would otherwise close each other's code and leave the person none that works.
   */
  async closeOlder(db: Db, userId: string, purpose: CodePurpose, newestId: number, now: Date): Promise<void> {
    await db.em.nativeUpdate(
      VerificationCode,
      { user: userId, purpose, closedAt: null, id: { $lt: newestId } },
      { closedAt: now, fallback: null },
    );
  }

  /**
   * Claims the fallback call of the open code whose text `messageSid` was, once: of several
   * receipts or instances at once, one gets the sealed code, which leaves the row with the claim.
   */
  async claimFallback(db: Db, messageSid: string, now: Date): Promise<{ id: number; sealed: string } | null> {
    const em = db.em;
    const code = await em.findOne(VerificationCode, {
      messageSid,
      fallback: { $ne: null },
      fallbackAt: null,
      closedAt: null,
      expiresAt: { $gt: now },
    });
    if (!code?.fallback) return null;
    const claimed = await em.nativeUpdate(
      VerificationCode,
      { id: code.id, fallbackAt: null },
      { fallbackAt: now, fallback: null },
    );
    return claimed === 1 ? { id: code.id, sealed: code.fallback } : null;
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
      { closedAt: now, fallback: null },
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
