import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { PhoneNumberResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { EmailAddressScalar } from './email-address.scalar';

// simpleResolvers (on every object type here): fields are plain reads, with no per-field middleware wrapper.
@ObjectType({
  simpleResolvers: true,
  description: 'A person who signed up. Verified once they entered the code sent to their phone.',
})
@Entity({ tableName: 'users' })
export class User {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  /** Stored as normalizeEmail spells it (lower case, NFC, ASCII domain), so the unique constraint holds for every spelling. */
  @Field(() => EmailAddressScalar)
  @Property({ type: 'string', unique: 'users_email_unique' })
  email!: string;

  /** E.164, e.g. +14155552671. */
  @Field(() => PhoneNumberResolver)
  @Property({ type: 'string', index: 'users_phone_number_index' })
  phoneNumber!: string;

  /** Argon2id PHC string; never exposed as a field. */
  @Property({ type: 'string', lazy: true })
  passwordHash!: string;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  verified: boolean = false;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  createdAt!: Date;

  /** The language of the texts sent to this person: one of the shipped locales (src/sms/texts). */
  @Property({ type: 'string', length: 10, default: 'en' })
  locale: string = 'en';

  /** The Authy API's id for this person, when the Authy provider is in use. */
  @Property({ type: 'integer', nullable: true })
  authyId: number | null = null;
}
