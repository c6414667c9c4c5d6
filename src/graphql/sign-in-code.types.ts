import { Field, InputType, ObjectType } from 'type-graphql';
import type { CodeChannel } from '../sms/channels';
import { CAPTCHA_FIELD } from './captcha.types';
import { CHANNEL_FIELD, CodeChannelName } from './code-channel.type';
import { UserError } from './user-error.type';
import { VerificationStateType } from './verification-state.type';

const EMAIL_FIELD = {
  nullable: true,
  description: "The account's email; or leave it out and give its phone number.",
} as const;
const COUNTRY_CODE_FIELD = {
  nullable: true,
  description: 'With phoneNumber: a calling code such as "1" or "+44"; omit it when phoneNumber is in E.164.',
} as const;
const PHONE_FIELD = {
  nullable: true,
  description: "The account's verified number, instead of its email: national with countryCode, or E.164.",
} as const;

@InputType()
export class RequestSignInCodeInput {
  @Field(() => String, EMAIL_FIELD)
  email?: string | null;

  @Field(() => String, COUNTRY_CODE_FIELD)
  countryCode?: string | null;

  @Field(() => String, PHONE_FIELD)
  phoneNumber?: string | null;

  @Field(() => CodeChannelName, CHANNEL_FIELD)
  channel?: CodeChannel | null;

  @Field(() => String, CAPTCHA_FIELD)
  captcha?: string | null;
}

@ObjectType({ simpleResolvers: true })
export class RequestSignInCodePayload {
  @Field(() => VerificationStateType, {
    nullable: true,
    description:
      'The same for every email and number, known or not: only resendAvailableAt, from their own sign-in-code request limits; the other fields are null. Also on RATE_LIMITED.',
  })
  verification?: VerificationStateType | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@InputType()
export class SignInWithCodeInput {
  @Field(() => String, EMAIL_FIELD)
  email?: string | null;

  @Field(() => String, COUNTRY_CODE_FIELD)
  countryCode?: string | null;

  @Field(() => String, PHONE_FIELD)
  phoneNumber?: string | null;

  @Field(() => String, {
    description: 'The digits texted by requestSignInCode, asked for with the same email or number.',
  })
  code!: string;
}
