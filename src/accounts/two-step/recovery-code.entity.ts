import { Entity, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { User } from '../../users/user.entity';

/** One of the ten codes an account gets when its second step is turned on; each works once. */
@Entity({ tableName: 'recovery_codes' })
export class RecoveryCode {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { deleteRule: 'cascade', index: 'recovery_codes_user_id_index' })
  user!: Rel<User>;

  /** Only a keyed hash (RecoveryCodes.hash), never the code. */
  @Property({ type: 'string', length: 64 })
  codeHash!: string;

  @Property({ type: 'datetime', nullable: true })
  usedAt: Date | null = null;
}
