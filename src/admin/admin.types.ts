import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'A live session of a user.' })
export class AdminSession {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'An entry of the audit log.' })
export class AdminAuditEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => String)
  type!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The account it concerns; null for none (a blocked code, an unblock).',
  })
  userId?: string | null;

  @Field(() => String, { description: 'user, admin or system.' })
  actor!: string;

  @Field(() => String, { description: 'success or failure.' })
  outcome!: string;

  @Field(() => String, { nullable: true })
  ip?: string | null;

  @Field(() => String, { nullable: true })
  userAgent?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'For admin actions, the reason among others.' })
  detail?: Record<string, unknown>;
}

@ObjectType({ simpleResolvers: true, description: 'A page of audit events; pass endCursor as `after` for the next.' })
export class AdminAuditEventPage {
  @Field(() => [AdminAuditEvent])
  nodes!: AdminAuditEvent[];

  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field(() => Boolean)
  hasNextPage!: boolean;
}

@ObjectType({ description: 'An account, as operators see it.' })
export class AdminUser {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String, { description: 'E.164.' })
  phoneNumber!: string;

  @Field(() => Boolean)
  verified!: boolean;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A page of users; pass endCursor as `after` for the next.' })
export class AdminUserPage {
  @Field(() => [AdminUser])
  nodes!: AdminUser[];

  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field(() => Boolean)
  hasNextPage!: boolean;
}

export enum ConversionGroupBy {
  COUNTRY = 'COUNTRY',
  PREFIX = 'PREFIX',
}

registerEnumType(ConversionGroupBy, {
  name: 'ConversionGroupBy',
  description: 'Per country (ISO 3166), or per prefix: the calling code and three digits, as the SMS guard counts.',
});

@ObjectType({ simpleResolvers: true, description: 'Codes sent and entered for one country or prefix.' })
export class Conversion {
  @Field(() => String, { description: 'An ISO 3166 country code, or a prefix such as +1415.' })
  key!: string;

  @Field(() => Int)
  sent!: number;

  @Field(() => Int)
  verified!: number;

  @Field(() => Float, { nullable: true, description: 'verified / sent, at most 1; null when nothing was sent.' })
  ratio!: number | null;
}

export enum DestinationKind {
  PREFIX = 'PREFIX',
  COUNTRY = 'COUNTRY',
}

registerEnumType(DestinationKind, { name: 'DestinationKind' });

@ObjectType({ simpleResolvers: true, description: 'A prefix or a country whose SMS guard budget refuses codes now.' })
export class BlockedDestination {
  @Field(() => String, { description: 'A prefix such as +1415, or an ISO 3166 country code.' })
  destination!: string;

  @Field(() => DestinationKind)
  kind!: DestinationKind;

  @Field(() => Int, { description: 'Codes sent there over the last day.' })
  sent!: number;

  @Field(() => Int, { description: 'Codes entered there over the last day.' })
  verified!: number;
}

export enum DeliveryKind {
  MESSAGE = 'MESSAGE',
  CODE = 'CODE',
}

export enum DeliveryChannel {
  SMS = 'SMS',
  CALL = 'CALL',
  WHATSAPP = 'WHATSAPP',
}

registerEnumType(DeliveryKind, { name: 'DeliveryKind', description: 'A queued text (the confirmation), or a code.' });
registerEnumType(DeliveryChannel, { name: 'DeliveryChannel' });

@ObjectType({ simpleResolvers: true, description: 'One try at handing a queued text on.' })
export class AdminDeliveryAttempt {
  @Field(() => Date)
  at!: Date;

  @Field(() => Boolean)
  delivered!: boolean;

  @Field(() => String, { nullable: true })
  error!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A text or call sent to the user.' })
export class AdminDelivery {
  @Field(() => DeliveryKind)
  kind!: DeliveryKind;

  @Field(() => Date)
  at!: Date;

  @Field(() => DeliveryChannel, { nullable: true, description: 'Null for a code whose receipt was not recorded.' })
  channel!: DeliveryChannel | null;

  @Field(() => String, {
    nullable: true,
    description: "The newest receipt's status where recorded, else the queue's: pending, sent or failed.",
  })
  status!: string | null;

  @Field(() => Int, { nullable: true, description: "Twilio's error code with an undelivered or failed status." })
  errorCode!: number | null;

  @Field(() => [AdminDeliveryAttempt], { description: 'A queued text’s attempts, oldest first; none for a code.' })
  attempts!: AdminDeliveryAttempt[];
}
