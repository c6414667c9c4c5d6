import { Field, InputType, ObjectType } from 'type-graphql';
import { User } from '../accounts/user.entity';
import { SessionType } from './session.types';
import { UserError } from './user-error.type';

@InputType()
export class RegisterUserInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;

  @Field(() => String, { nullable: true, description: 'A calling code such as "1" or "+44"; omit it when phoneNumber is in E.164.' })
  countryCode?: string | null;

  @Field(() => String, { description: 'National number with countryCode, or E.164 (+14155552671) without it.' })
  phoneNumber!: string;
}

@InputType()
export class VerifyUserInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  code!: string;
}

@InputType()
export class ResendCodeInput {
  @Field(() => String)
  email!: string;
}

@ObjectType({ simpleResolvers: true })
export class RegisterUserPayload {
  @Field(() => User, { nullable: true })
  user?: User | null;

  @Field(() => String, { nullable: true })
  message?: string | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class VerifyUserPayload {
  @Field(() => User, { nullable: true })
  user?: User | null;

  @Field(() => SessionType, { nullable: true })
  session?: SessionType | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class ResendCodePayload {
  @Field(() => String, { nullable: true })
  message?: string | null;

  @Field(() => [UserError])
  errors!: UserError[];
}
