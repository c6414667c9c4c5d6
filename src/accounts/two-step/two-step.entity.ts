import { Entity, Enum, OneToOne, PrimaryKeyProp, Property, type Rel } from '@mikro-orm/core';
import { User } from '../../users/user.entity';

/** How an account proves its second step: a code texted to its phone, or one from an authenticator app. */
export const TWO_STEP_METHODS = ['sms', 'totp'] as const;
export type TwoStepMethod = (typeof TWO_STEP_METHODS)[number];

/** An account's second step at sign-in: on once `enabledAt` is set, a set-up waiting for its first code until then. */
@Entity({ tableName: 'two_steps' })
export class TwoStep {
  [PrimaryKeyProp]?: 'user';

  @OneToOne(() => User, { primary: true, deleteRule: 'cascade', owner: true })
  user!: Rel<User>;

  @Enum({ items: [...TWO_STEP_METHODS], type: 'string' })
  method!: TwoStepMethod;

  /** The TOTP secret, sealed (TotpSeal) so a leaked table gives no one the codes; null for SMS. */
  @Property({ type: 'text', nullable: true })
  secret: string | null = null;

  /** The last TOTP time step a code was accepted for: no code for it or an earlier one is taken again. */
  @Property({ type: 'integer', nullable: true })
  lastTotpStep: number | null = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  enabledAt: Date | null = null;
}
