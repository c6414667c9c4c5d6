import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { User } from '../users/user.entity';
import { UserError } from './user-error.type';

@ObjectType('Session', {
  simpleResolvers: true,
  description: 'Send the token as `Authorization: Bearer <token>`; browsers also get it as an HttpOnly cookie.',
})
export class SessionType {
  @Field(() => String)
  token!: string;

  @Field(() => Date)
  expiresAt!: Date;
}

@InputType()
export class LoginInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;
}

@ObjectType({ simpleResolvers: true })
export class LoginPayload {
  @Field(() => User, { nullable: true })
  user?: User | null;

  @Field(() => SessionType, { nullable: true })
  session?: SessionType | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class LogoutPayload {
  @Field(() => Boolean, { description: 'True when a session was open and is now revoked.' })
  loggedOut!: boolean;

  @Field(() => [UserError], { description: 'NOT_SIGNED_IN when the request had no live session to end.' })
  errors!: UserError[];
}

@ObjectType('SessionInfo', {
  simpleResolvers: true,
  description: "One of the signed-in user's live sessions, as the session list shows it.",
})
export class SessionInfoType {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Updated at most once a minute.' })
  lastUsedAt!: Date | null;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'As the client sent it at sign-in, shortened.' })
  userAgent!: string | null;

  @Field(() => Boolean, { description: 'The session this request came with.' })
  current!: boolean;
}
