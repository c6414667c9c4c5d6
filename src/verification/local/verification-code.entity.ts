import { Entity, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { User } from '../../accounts/user.entity';

/** A one-time code of the local provider, kept only as an HMAC keyed with the app secret. */
@Entity({ tableName: 'verification_codes' })
export class VerificationCode {
  /** Increasing, so "the newest code" is well defined even within one millisecond. */
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { deleteRule: 'cascade', index: 'verification_codes_user_index' })
  user!: Rel<User>;

  @Property({ type: 'string', length: 64 })
  codeHash!: string;

  @Property({ type: 'integer', default: 0 })
  failedAttempts: number = 0;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  /** Set when the code was used, or replaced by a newer one; either way it is dead. */
  @Property({ type: 'datetime', nullable: true })
  closedAt: Date | null = null;
}
