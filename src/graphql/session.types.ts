import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../users/user.entity';
import { TwoStepChallengeType } from './two-step.types';
import { UserError } from './user-error.type';

/** The GraphQL names of how a session signed in; the values are the server's own (sign-in-method.ts). */
export enum SignInMethodName {
  SIGNUP = 'signup',
  PASSWORD = 'password',
  CODE = 'code',
  PASSWORD_RESET = 'password-reset',
}

registerEnumType(SignInMethodName, {
  name: 'SignInMethod',
  description: 'What a sign-in began with: the code at signup, the password, a sign-in code, or a reset code.',
});

export enum SecondStepName {
  SMS = 'sms',
  TOTP = 'totp',
  RECOVERY_CODE = 'recovery-code',
}

registerEnumType(SecondStepName, { name: 'SecondStep', description: 'What a sign-in proved after its first factor.' });

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

/** The `twoStep` field of every payload that signs in. */
export const TWO_STEP_FIELD =
  'Set when the account asks for its second step: then user and session are null until completeSignIn. With SMS, a code that could not be sent now is said in errors beside it.';

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

  @Field(() => TwoStepChallengeType, { nullable: true, description: TWO_STEP_FIELD })
  twoStep?: TwoStepChallengeType | null;

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

  @Field(() => SignInMethodName, { nullable: true, description: 'Null for sessions opened before this was kept.' })
  signedInWith!: SignInMethodName | null;

  @Field(() => SecondStepName, { nullable: true, description: 'Null when the sign-in asked for none.' })
  secondStep!: SecondStepName | null;
}
