import { Field, InputType, ObjectType } from 'type-graphql';
import { User } from '../accounts/user.entity';
import { UserError } from './user-error.type';

@ObjectType('Session', { simpleResolvers: true, description: 'Send the token as `Authorization: Bearer <token>`; browsers also get it as an HttpOnly cookie.' })
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
}
