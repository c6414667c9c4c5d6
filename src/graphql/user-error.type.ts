import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserErrorCode } from '../shared/outcome';

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Why a mutation did not do what was asked. Expected outcomes, returned as data.',
});

@ObjectType({
  simpleResolvers: true,
  description: 'An expected refusal: show `message` to the person, branch on `code`.',
})
export class UserError {
  @Field(() => UserErrorCode)
  code!: UserErrorCode;

  @Field(() => String, { nullable: true, description: 'The input field at fault, when there is one.' })
  field?: string;

  @Field(() => String)
  message!: string;

  @Field(() => Int, { nullable: true, description: 'With RATE_LIMITED: seconds until the same call can succeed.' })
  retryAfter?: number;
}
