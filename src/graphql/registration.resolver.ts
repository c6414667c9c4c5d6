import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RegistrationService } from '../accounts/registration.service';
import type { GraphQLContext } from './context';
import {
  RegisterUserInput,
  RegisterUserPayload,
  ResendCodeInput,
  ResendCodePayload,
  VerifyUserInput,
  VerifyUserPayload,
} from './registration.types';

@Resolver()
export class RegistrationResolver {
  constructor(private readonly deps: { registration: RegistrationService }) {}

  @Mutation(() => RegisterUserPayload, { description: 'Signs up unverified and texts a code to the phone.' })
  async registerUser(
    @Arg('input', () => RegisterUserInput) input: RegisterUserInput,
    @Ctx() { caller }: GraphQLContext,
  ): Promise<RegisterUserPayload> {
    const result = await this.deps.registration.register(input, caller);
    if (!result.ok) return { errors: result.errors };
    return {
      user: result.user,
      message: 'A verification code was sent to your phone.',
      verification: result.verification,
      errors: [],
    };
  }

  @Mutation(() => VerifyUserPayload, {
    description: 'Checks the code; on success the account is verified and signed in.',
  })
  async verifyUser(
    @Arg('input', () => VerifyUserInput) input: VerifyUserInput,
    @Ctx() { cookies, caller }: GraphQLContext,
  ): Promise<VerifyUserPayload> {
    const result = await this.deps.registration.verify(input, caller);
    if (!result.ok) return { errors: result.errors, verification: result.verification };
    cookies.set(result.session);
    return { user: result.user, session: result.session, errors: [] };
  }

  @Mutation(() => ResendCodePayload, {
    description:
      'Texts a fresh code to an unverified account; earlier codes stop working. Answers the same for any email.',
  })
  async resendCode(
    @Arg('input', () => ResendCodeInput) input: ResendCodeInput,
    @Ctx() { caller }: GraphQLContext,
  ): Promise<ResendCodePayload> {
    const result = await this.deps.registration.resendCode(input, caller);
    if (!result.ok) return { errors: result.errors, verification: result.verification };
    return { message: 'Verification code re-sent', verification: result.verification, errors: [] };
  }
}
