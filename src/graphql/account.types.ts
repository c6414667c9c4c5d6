import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { User } from '../users/user.entity';
import { SessionType, TWO_STEP_FIELD } from './session.types';
import { TwoStepChallengeType } from './two-step.types';
import { CAPTCHA_FIELD } from './captcha.types';
import { CHANNEL_FIELD, CodeChannelName } from './code-channel.type';
import type { CodeChannel } from '../sms/channels';
import { UserError } from './user-error.type';
import { VerificationStateType } from './verification-state.type';

@InputType()
export class RequestPasswordResetInput {
  @Field(() => String)
  email!: string;

  @Field(() => String, CAPTCHA_FIELD)
  captcha?: string | null;

  @Field(() => CodeChannelName, CHANNEL_FIELD)
  channel?: CodeChannel | null;
}

@InputType()
export class ResetPasswordInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  code!: string;

  @Field(() => String)
  newPassword!: string;
}

@InputType()
export class StartPhoneChangeInput {
  @Field(() => String, { description: 'The current password, asked again before the number changes.' })
  password!: string;

  @Field(() => String, {
    nullable: true,
    description: 'A calling code such as "1" or "+44"; omit it when phoneNumber is in E.164.',
  })
  countryCode?: string | null;

  @Field(() => String, { description: 'The new number: national with countryCode, or E.164 without it.' })
  phoneNumber!: string;

  @Field(() => String, CAPTCHA_FIELD)
  captcha?: string | null;

  @Field(() => CodeChannelName, CHANNEL_FIELD)
  channel?: CodeChannel | null;
}

@InputType()
export class ConfirmPhoneChangeInput {
  @Field(() => String)
  code!: string;
}

@InputType()
export class RevokeSessionInput {
  @Field(() => ID)
  id!: string;
}

@InputType()
export class DeleteAccountInput {
  @Field(() => String)
  password!: string;
}

@InputType()
export class ChangePasswordInput {
  @Field(() => String, { description: 'Checked and counted like a login.' })
  currentPassword!: string;

  @Field(() => String)
  newPassword!: string;
}

@ObjectType({ simpleResolvers: true })
export class RequestPasswordResetPayload {
  @Field(() => String, { nullable: true })
  message?: string | null;

  @Field(() => VerificationStateType, {
    nullable: true,
    description:
      "The same for every email, known or not: only resendAvailableAt, from the email's own reset-request limits; the other fields are null. Also on RATE_LIMITED.",
  })
  verification?: VerificationStateType | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class ChangePasswordPayload {
  @Field(() => User, { nullable: true })
  user?: User | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class ResetPasswordPayload {
  @Field(() => User, { nullable: true })
  user?: User | null;

  @Field(() => SessionType, { nullable: true })
  session?: SessionType | null;

  @Field(() => TwoStepChallengeType, {
    nullable: true,
    description: `${TWO_STEP_FIELD} With TOTP the reset changes nothing until then: the new password waits with the challenge.`,
  })
  twoStep?: TwoStepChallengeType | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class StartPhoneChangePayload {
  @Field(() => String, { nullable: true })
  message?: string | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class ConfirmPhoneChangePayload {
  @Field(() => User, { nullable: true })
  user?: User | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class RevokeSessionPayload {
  @Field(() => Boolean, { description: 'True when one of your live sessions had this id and is now revoked.' })
  revoked!: boolean;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class DeleteAccountPayload {
  @Field(() => Boolean)
  deleted!: boolean;

  @Field(() => [UserError])
  errors!: UserError[];
}
