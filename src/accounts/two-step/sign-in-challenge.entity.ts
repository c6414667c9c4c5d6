import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { User } from '../../users/user.entity';

/** First factors that can lead to a second step (a signup cannot: no account has one yet). */
export const FIRST_FACTORS = ['password', 'code', 'password-reset'] as const;
export type FirstFactor = (typeof FIRST_FACTORS)[number];

/** How many wrong codes a challenge takes before it ends. */
export const CHALLENGE_TRIES = 5;

/**
 * A sign-in whose first factor was proved, waiting for its second step. Only a SHA-256 of its
 * token is kept (256 random bits, as a session's), so a leaked table completes no sign-in.
 */
@Entity({ tableName: 'sign_in_challenges' })
export class SignInChallenge {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', length: 64, unique: 'sign_in_challenges_token_hash_unique' })
  tokenHash!: string;

  @ManyToOne(() => User, { deleteRule: 'cascade', index: 'sign_in_challenges_user_id_index' })
  user!: Rel<User>;

  @Enum({ items: [...FIRST_FACTORS], type: 'string' })
  firstFactor!: FirstFactor;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'integer', default: CHALLENGE_TRIES })
  attemptsLeft: number = CHALLENGE_TRIES;

  /** Completed, or ended by its last wrong try or by the second step being turned off. */
  @Property({ type: 'datetime', nullable: true })
  endedAt: Date | null = null;

  /**
   * A reset's new password (an Argon2id hash, as users.password_hash keeps it), applied only
   * when the second step is done: until then the reset changes nothing.
   */
  @Property({ type: 'text', nullable: true })
  newPasswordHash: string | null = null;
}
