import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('VerificationState', {
  simpleResolvers: true,
  description:
    'Where the person stands with their code. A field is null when the server cannot know it (Twilio Verify and Authy report no expiry or tries left) or, on resendCode, requestPasswordReset and requestSignInCode, must not say it.',
})
export class VerificationStateType {
  @Field(() => Date, { nullable: true, description: 'When the current code stops working.' })
  expiresAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Wrong tries left on the current code.' })
  attemptsLeft!: number | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'The earliest moment resendCode will send again; on requestPasswordReset and requestSignInCode, when a request for this email (or number) is taken again.',
  })
  resendAvailableAt!: Date | null;
}
