import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { SignInCodeService } from '../accounts/sign-in-code.service';
import type { GraphQLContext } from './context';
import { LoginPayload } from './session.types';
import { signInPayload } from './sign-in-payload';
import { RequestSignInCodeInput, RequestSignInCodePayload, SignInWithCodeInput } from './sign-in-code.types';

/** Signing in with a code sent to the account's verified phone, instead of a password. */
@Resolver()
export class SignInCodeResolver {
  constructor(protected readonly deps: { signInCodes: SignInCodeService }) {}

  @Mutation(() => RequestSignInCodePayload, {
    description:
      "Texts a sign-in code to a verified account's phone, named by its email or its number. Answers the same for any.",
  })
  async requestSignInCode(
    @Arg('input', () => RequestSignInCodeInput) input: RequestSignInCodeInput,
    @Ctx() { caller }: GraphQLContext,
  ): Promise<RequestSignInCodePayload> {
    const result = await this.deps.signInCodes.request(input, caller);
    if (!result.ok) return { errors: result.errors, verification: result.verification };
    return { verification: result.verification, errors: [] };
  }

  @Mutation(() => LoginPayload, {
    description: 'Signs in with the texted code, by the same email or number it was asked for with, as login does.',
  })
  async signInWithCode(
    @Arg('input', () => SignInWithCodeInput) input: SignInWithCodeInput,
    @Ctx() { caller, cookies }: GraphQLContext,
  ): Promise<LoginPayload> {
    return signInPayload(await this.deps.signInCodes.signIn(input, caller), cookies);
  }
}
