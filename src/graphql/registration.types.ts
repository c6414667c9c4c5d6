import { Field, InputType, ObjectType } from 'type-graphql';
import { User } from '../users/user.entity';
import { SessionType } from './session.types';
import { CAPTCHA_FIELD } from './captcha.types';
import { CHANNEL_FIELD, CodeChannelName } from './code-channel.type';
import type { CodeChannel } from '../sms/channels';
import { UserError } from './user-error.type';
import { VerificationStateType } from './verification-state.type';

@InputType()
export class RegisterUserInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;

  @Field(() => String, {
    nullable: true,
    description: 'A calling code such as "1" or "+44"; omit it when phoneNumber is in E.164.',
  })
  countryCode?: string | null;

  @Field(() => String, { description: 'National number with countryCode, or E.164 (+14155552671) without it.' })
  phoneNumber!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The language of the texts, BCP 47 ("es", "pt-BR"): en, es, fr, de and pt-BR are shipped; others get English.',
  })
  locale?: string | null;

  @Field(() => String, CAPTCHA_FIELD)
  captcha?: string | null;

  @Field(() => CodeChannelName, CHANNEL_FIELD)
  channel?: CodeChannel | null;
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

  @Field(() => String, CAPTCHA_FIELD)
  captcha?: string | null;

  @Field(() => CodeChannelName, CHANNEL_FIELD)
  channel?: CodeChannel | null;
}

@ObjectType({ simpleResolvers: true })
export class RegisterUserPayload {
  @Field(() => User, { nullable: true })
  user?: User | null;

  @Field(() => String, { nullable: true })
  message?: string | null;

  @Field(() => VerificationStateType, { nullable: true, description: 'Set once the code was sent.' })
  verification?: VerificationStateType | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class VerifyUserPayload {
  @Field(() => User, { nullable: true })
  user?: User | null;

  @Field(() => SessionType, { nullable: true })
  session?: SessionType | null;

  @Field(() => VerificationStateType, {
    nullable: true,
    description: 'Set on INVALID_CODE, CODE_EXPIRED and TOO_MANY_ATTEMPTS.',
  })
  verification?: VerificationStateType | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class ResendCodePayload {
  @Field(() => String, { nullable: true })
  message?: string | null;

  @Field(() => VerificationStateType, {
    nullable: true,
    description:
      "The same for every email, known or not: only resendAvailableAt, from the email's own request limits; the other fields are null.",
  })
  verification?: VerificationStateType | null;

  @Field(() => [UserError])
  errors!: UserError[];
}
