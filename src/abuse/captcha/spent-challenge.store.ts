import { execute } from '../../db/dialect';
import type { Db } from '../../db/handles';
import { SpentChallenge } from './spent-challenge.entity';

/** Every statement on `spent_challenges`. */
export class SpentChallengeStore {
  /** Records the challenge as used; false when it already was, here or on another instance. */
  async spend(db: Db, id: string, expiresAt: number): Promise<boolean> {
    const rows = await execute<unknown[]>(
      db,
      'insert into spent_challenges (id, expires_at) values (?, ?) on conflict (id) do nothing returning id',
      [id, expiresAt],
    );
    return rows.length === 1;
  }

  prune(db: Db, now: number): Promise<number> {
    return db.em.nativeDelete(SpentChallenge, { expiresAt: { $lt: now } });
  }
}
