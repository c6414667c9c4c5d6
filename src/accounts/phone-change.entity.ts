import { Entity, OneToOne, PrimaryKeyProp, Property, type Rel } from '@mikro-orm/core';
import { User } from '../users/user.entity';

/** A change of phone number waiting for the code sent to the new number; one per user at most. */
@Entity({ tableName: 'phone_changes' })
export class PhoneChange {
  [PrimaryKeyProp]?: 'user';

  @OneToOne(() => User, { primary: true, deleteRule: 'cascade', owner: true })
  user!: Rel<User>;

  /** E.164. */
  @Property({ type: 'string' })
  newPhoneNumber!: string;

  /** The Authy user registered for the new number, when the Authy provider is in use. */
  @Property({ type: 'integer', nullable: true })
  authyId: number | null = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime', index: 'phone_changes_expires_at_index' })
  expiresAt!: Date;
}
