import { execute } from '../../db/dialect';
import type { Db, Tx } from '../../db/handles';
import { CHALLENGE_TRIES, SignInChallenge, type FirstFactor } from './sign-in-challenge.entity';

/** Every statement on `sign_in_challenges`. */
export class SignInChallengeStore {
  /**
   * A new challenge, with the user's challenges that ran out before `prunedBefore` removed
   * (nothing else would). False when the user is gone: nothing is written, rather than a row the
   * foreign key refuses, which PostgreSQL would log with its values.
   */
  async insert(
    tx: Tx,
    challenge: {
      tokenHash: string;
      userId: string;
      firstFactor: FirstFactor;
      createdAt: Date;
      expiresAt: Date;
      newPasswordHash: string | null;
    },
    prunedBefore: Date,
  ): Promise<boolean> {
    const { dialect } = tx;
    await tx.em.nativeDelete(SignInChallenge, { user: challenge.userId, expiresAt: { $lt: prunedBefore } });
    const time = dialect.param('timestamptz');
    const inserted = await execute<{ id: number }[]>(
      tx,
      `insert into sign_in_challenges (token_hash, user_id, first_factor, created_at, expires_at, new_password_hash)
       select ?, id, ?, ${time}, ${time}, ? from users where id = ?${dialect.lockParent}
       returning id`,
      [
        challenge.tokenHash,
        challenge.firstFactor,
        dialect.time(challenge.createdAt),
        dialect.time(challenge.expiresAt),
        challenge.newPasswordHash,
        challenge.userId,
      ],
    );
    return inserted.length === 1;
  }

  /**
   * A wrong code typed outside a challenge (at disableTwoStep), kept as an ended challenge with
   * one wrong try so that wrongTriesSince() counts it; nothing when the user is gone.
   */
  async insertWrongTry(db: Db, wrong: { tokenHash: string; userId: string; at: Date }): Promise<void> {
    const { dialect } = db;
    const time = dialect.param('timestamptz');
    const at = dialect.time(wrong.at);
    await execute(
      db,
      `insert into sign_in_challenges (token_hash, user_id, first_factor, created_at, expires_at, attempts_left, ended_at)
       select ?, id, 'password', ${time}, ${time}, ${CHALLENGE_TRIES - 1}, ${time} from users where id = ?${dialect.lockParent}`,
      [wrong.tokenHash, at, at, at, wrong.userId],
    );
  }

  /** The challenge with this token hash, whatever its state, with its user. */
  find(db: Db, tokenHash: string): Promise<SignInChallenge | null> {
    return db.em.findOne(SignInChallenge, { tokenHash }, { populate: ['user'], disableIdentityMap: true });
  }

  /**
   * Counts a wrong code against a live challenge in one statement, ending it with its last try.
   * Answers the tries left, or null when it was not live any more (a concurrent try ended it).
   */
  /** Challenges that ran out before `before`, whoever they were for: housekeeping's. */
  async pruneExpired(db: Db, before: Date): Promise<number> {
    return db.em.nativeDelete(SignInChallenge, { expiresAt: { $lt: before } });
  }

  async countWrong(db: Db, id: number, now: Date): Promise<number | null> {
    const at = db.dialect.time(now);
    const [row] = await execute<{ attempts_left: number }[]>(
      db,
      `update sign_in_challenges
       set attempts_left = attempts_left - 1, ended_at = case when attempts_left <= 1 then ? else ended_at end
       where id = ? and ended_at is null and attempts_left > 0 and expires_at > ?
       returning attempts_left`,
      [at, id, at],
    );
    return row ? Number(row.attempts_left) : null;
  }

  /** The wrong codes typed for the user's challenges made since `since`, and when the oldest of those was made. */
  async wrongTriesSince(db: Db, userId: string, since: Date): Promise<{ wrong: number; oldest: Date | null }> {
    const [row] = await execute<{ wrong: number | string | null; oldest: Date | number | string | null }[]>(
      db,
      `select sum(${CHALLENGE_TRIES} - attempts_left) as wrong, min(created_at) as oldest
       from sign_in_challenges where user_id = ? and created_at > ? and attempts_left < ${CHALLENGE_TRIES}`,
      [userId, db.dialect.time(since)],
    );
    return { wrong: Number(row?.wrong ?? 0), oldest: row?.oldest == null ? null : new Date(row.oldest) };
  }

  /** Ends a live challenge as completed: false when another completion, its last try or its time ended it first. */
  async complete(tx: Tx, id: number, now: Date): Promise<boolean> {
    const changed = await tx.em.nativeUpdate(
      SignInChallenge,
      { id, endedAt: null, attemptsLeft: { $gt: 0 }, expiresAt: { $gt: now } },
      { endedAt: now },
    );
    return changed === 1;
  }

  /** Ends every live challenge of the user (the second step was turned off). */
  async endAllOf(tx: Tx, userId: string, now: Date): Promise<void> {
    await tx.em.nativeUpdate(SignInChallenge, { user: userId, endedAt: null }, { endedAt: now });
  }
}
