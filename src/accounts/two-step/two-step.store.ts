import { execute } from '../../db/dialect';
import type { Db, Tx } from '../../db/handles';
import { TwoStep, type TwoStepMethod } from './two-step.entity';

/** Every statement on `two_steps`. */
export class TwoStepStore {
  /** The account's second step while it is on; a set-up not confirmed yet is not. */
  findOn(db: Db, userId: string): Promise<TwoStep | null> {
    return db.em.findOne(TwoStep, { user: userId, enabledAt: { $ne: null } }, { disableIdentityMap: true });
  }

  findSetUp(db: Db, userId: string): Promise<TwoStep | null> {
    return db.em.findOne(TwoStep, { user: userId, enabledAt: null }, { disableIdentityMap: true });
  }

  /**
   * A set-up waiting for its first code, replacing an earlier one in one statement; never a
   * second step already on. False when there is one, or the user is gone (then nothing is written,
   * rather than a row the foreign key refuses: PostgreSQL would log the statement's values).
   */
  async startSetUp(
    db: Db,
    setUp: { userId: string; method: TwoStepMethod; secret: string | null; createdAt: Date },
  ): Promise<boolean> {
    const { dialect } = db;
    const written = await execute<{ user_id: string }[]>(
      db,
      `insert into two_steps (user_id, method, secret, last_totp_step, created_at, enabled_at)
       select id, ?, ?, null, ${dialect.param('timestamptz')}, null from users where id = ?${dialect.lockParent}
       on conflict (user_id) do update set method = excluded.method, secret = excluded.secret,
         last_totp_step = null, created_at = excluded.created_at
       where two_steps.enabled_at is null
       returning user_id`,
      [setUp.method, setUp.secret, dialect.time(setUp.createdAt), setUp.userId],
    );
    return written.length === 1;
  }

  /**
   * Turns on the set-up read before its code was checked, and only that one: false when a newer
   * set-up replaced it meanwhile, or another confirmation was first.
   */
  async turnOn(tx: Tx, setUp: TwoStep, now: Date, step: number | null): Promise<boolean> {
    const changed = await tx.em.nativeUpdate(
      TwoStep,
      { user: setUp.user, enabledAt: null, createdAt: setUp.createdAt },
      { enabledAt: now, lastTotpStep: step },
    );
    return changed === 1;
  }

  /**
   * Records a TOTP code's time step as used, in one statement: false when that step or a later
   * one was used already, so the same code (or an older one) is taken at most once.
   */
  async useStep(db: Db, userId: string, step: number): Promise<boolean> {
    const changed = await db.em.nativeUpdate(
      TwoStep,
      {
        user: userId,
        method: 'totp',
        enabledAt: { $ne: null },
        $or: [{ lastTotpStep: null }, { lastTotpStep: { $lt: step } }],
      },
      { lastTotpStep: step },
    );
    return changed === 1;
  }

  /** Turns the second step off; false when it was not on. */
  async remove(tx: Tx, userId: string): Promise<boolean> {
    return (await tx.em.nativeDelete(TwoStep, { user: userId, enabledAt: { $ne: null } })) === 1;
  }
}
