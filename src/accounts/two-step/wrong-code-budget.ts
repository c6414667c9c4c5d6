import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../db/database';
import type { Db } from '../../db/handles';
import type { Clock } from '../../shared/clock';
import { rateLimited, type UserError } from '../../shared/outcome';
import type { SignInChallengeStore } from './sign-in-challenge.store';

/**
 * Wrong codes an account takes an hour, across its challenges and disableTwoStep: a password thief
 * could otherwise sign in again for five more tries as often as they like, or try codes at
 * disableTwoStep from many addresses. At 20 an hour a 6-digit code taken a step either side is
 * guessed about once in 17,000 hours.
 */
export const WRONG_CODES_AN_HOUR = 20;
export const HOUR_MS = 3_600_000;

/** The account's hourly budget of wrong second-step codes, kept with its challenges' tries. */
export class WrongCodeBudget {
  constructor(private readonly deps: { database: Database; store: SignInChallengeStore; clock: Clock }) {}

  /** RATE_LIMITED once the account took WRONG_CODES_AN_HOUR wrong codes within the hour. */
  async limited(userId: string): Promise<{ ok: false; errors: UserError[] } | null> {
    const now = this.deps.clock().getTime();
    const { wrong, oldest } = await this.wrongWithinHour(this.deps.database.db, userId);
    if (wrong < WRONG_CODES_AN_HOUR || !oldest) return null;
    return rateLimited(Math.max(1, Math.ceil((oldest.getTime() + HOUR_MS - now) / 1000)));
  }

  /**
   * Counts a wrong code typed outside a challenge, as an ended challenge of one wrong try (its
   * token never given to anyone); answers the tries the hour has left.
   */
  async countOutsideChallenge(db: Db, userId: string): Promise<number> {
    const tokenHash = createHash('sha256').update(randomBytes(32)).digest('hex');
    await this.deps.store.insertWrongTry(db, { tokenHash, userId, at: this.deps.clock() });
    return Math.max(0, WRONG_CODES_AN_HOUR - (await this.wrongWithinHour(db, userId)).wrong);
  }

  private wrongWithinHour(db: Db, userId: string) {
    return this.deps.store.wrongTriesSince(db, userId, new Date(this.deps.clock().getTime() - HOUR_MS));
  }
}

/** "3 tries left", for a refusal's message. */
export const triesLeft = (left: number): string => (left === 1 ? '1 try left' : `${left} tries left`);
