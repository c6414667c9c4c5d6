import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../users/user.entity';
import { UserError } from './user-error.type';
import { VerificationStateType } from './verification-state.type';

/** The GraphQL names of the methods; the values are the server's own (two-step.entity.ts). */
export enum TwoStepMethodName {
  SMS = 'sms',
  TOTP = 'totp',
}

registerEnumType(TwoStepMethodName, {
  name: 'TwoStepMethod',
  description: 'How an account proves its second step: a code texted to its phone, or one from an authenticator app.',
});

@ObjectType('TwoStepChallenge', {
  simpleResolvers: true,
  description: 'A sign-in that waits for its second step: answer it with completeSignIn.',
})
export class TwoStepChallengeType {
  @Field(() => String, { description: 'Opaque and single use; send it back to completeSignIn within 5 minutes.' })
  challenge!: string;

  @Field(() => [TwoStepMethodName], {
    description: "The account's method (with SMS, the code was sent); an unused recovery code is always taken too.",
  })
  methods!: TwoStepMethodName[];

  @Field(() => Date)
  expiresAt!: Date;
}

@ObjectType('TotpSetup', { simpleResolvers: true })
export class TotpSetupType {
  @Field(() => String, { description: 'The secret in base32, for apps that take it typed in.' })
  secret!: string;

  @Field(() => String, {
    description: 'otpauth://totp/... for a QR code; draw it on the page, never send it anywhere.',
  })
  uri!: string;
}

@InputType()
export class EnableTwoStepInput {
  @Field(() => String, { description: 'The current password, checked and counted like a login.' })
  password!: string;

  @Field(() => TwoStepMethodName)
  method!: TwoStepMethodName;
}

@ObjectType({ simpleResolvers: true })
export class EnableTwoStepPayload {
  @Field(() => TwoStepMethodName, { nullable: true })
  method?: TwoStepMethodName | null;

  @Field(() => TotpSetupType, { nullable: true, description: 'With TOTP: what the authenticator app needs.' })
  totp?: TotpSetupType | null;

  @Field(() => VerificationStateType, { nullable: true, description: 'With SMS: where the code sent stands.' })
  verification?: VerificationStateType | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@InputType()
export class ConfirmTwoStepInput {
  @Field(() => String, { description: "The app's current code, or the code texted by enableTwoStep." })
  code!: string;
}

@ObjectType({ simpleResolvers: true })
export class ConfirmTwoStepPayload {
  @Field(() => User, { nullable: true })
  user?: User | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Ten single-use codes that stand in for the second step: shown this once, kept only as hashes.',
  })
  recoveryCodes?: string[] | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@InputType()
export class DisableTwoStepInput {
  @Field(() => String, { description: 'The current password, checked and counted like a login.' })
  password!: string;

  @Field(() => String, { description: 'A current TOTP or SMS code (sendTwoStepCode), or an unused recovery code.' })
  code!: string;
}

@ObjectType({ simpleResolvers: true })
export class DisableTwoStepPayload {
  @Field(() => User, { nullable: true })
  user?: User | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@InputType()
export class SendTwoStepCodeInput {
  @Field(() => String, {
    nullable: true,
    description: "A sign-in's challenge: its SMS code again. Without one, signed in: an SMS code for disableTwoStep.",
  })
  challenge?: string | null;
}

@ObjectType({ simpleResolvers: true })
export class SendTwoStepCodePayload {
  @Field(() => VerificationStateType, { nullable: true })
  verification?: VerificationStateType | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@InputType()
export class CompleteSignInInput {
  @Field(() => String)
  challenge!: string;

  @Field(() => String, { description: 'A current TOTP or SMS code, or an unused recovery code.' })
  code!: string;
}
