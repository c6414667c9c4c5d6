import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { User } from '../users/user.entity';
import { SECOND_STEPS, SIGN_IN_METHODS, type SecondStep, type SignInMethod } from './sign-in-method';

/** A signed-in session. Only a SHA-256 of the bearer token is kept, so a leaked table opens no sessions. */
@Entity({ tableName: 'sessions' })
export class Session {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 64, unique: 'sessions_token_hash_unique' })
  tokenHash!: string;

  @ManyToOne(() => User, { deleteRule: 'cascade', index: 'sessions_user_id_index' })
  user!: Rel<User>;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime', index: 'sessions_expires_at_index' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  /** As the client sent it at sign-in, cut to USER_AGENT_MAX characters. */
  @Property({ type: 'text', nullable: true })
  userAgent: string | null = null;

  /** Updated at most once a minute, so a `me` on every page load writes nothing. */
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt: Date | null = null;

  /** Null on sessions opened before it was kept. */
  @Enum({ items: [...SIGN_IN_METHODS], type: 'string', nullable: true })
  signedInWith: SignInMethod | null = null;

  /** Null when the sign-in asked for none. */
  @Enum({ items: [...SECOND_STEPS], type: 'string', nullable: true })
  secondStep: SecondStep | null = null;
}
