import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { AccountServices } from '../accounts/accounts.wiring';
import { User } from '../users/user.entity';
import type { GraphQLContext } from './context';
import { LoginPayload } from './session.types';
import { signInPayload } from './sign-in-payload';
import {
  CompleteSignInInput,
  ConfirmTwoStepInput,
  ConfirmTwoStepPayload,
  DisableTwoStepInput,
  DisableTwoStepPayload,
  EnableTwoStepInput,
  EnableTwoStepPayload,
  SendTwoStepCodeInput,
  SendTwoStepCodePayload,
  TwoStepMethodName,
} from './two-step.types';

/** The second step at sign-in: turning it on and off, and completing a sign-in that needs it. */
@Resolver(() => User)
export class TwoStepResolver {
  constructor(protected readonly deps: Pick<AccountServices, 'twoStep' | 'signIns'>) {}

  @FieldResolver(() => TwoStepMethodName, {
    nullable: true,
    description: "The account's second step at sign-in; null while it is off (or set up but not confirmed).",
  })
  async twoStep(@Root() user: Pick<User, 'id'>): Promise<TwoStepMethodName | null> {
    return (await this.deps.twoStep.methodOf(user.id)) as TwoStepMethodName | null;
  }

  @Mutation(() => EnableTwoStepPayload, {
    description:
      'With the password (counted like a login), starts setting up the second step: TOTP answers the secret and its otpauth URI; SMS texts a code. confirmTwoStep turns it on.',
  })
  async enableTwoStep(
    @Arg('input', () => EnableTwoStepInput) input: EnableTwoStepInput,
    @Ctx() { session, caller }: GraphQLContext,
  ): Promise<EnableTwoStepPayload> {
    const result = await this.deps.twoStep.enable(session, input, caller);
    if (!result.ok) return { errors: result.errors };
    const { method, totp, verification } = result;
    return { method: method as TwoStepMethodName, totp, verification, errors: [] };
  }

  @Mutation(() => ConfirmTwoStepPayload, {
    description:
      "With the app's current code or the texted one, turns the second step on and answers ten recovery codes, once.",
  })
  async confirmTwoStep(
    @Arg('input', () => ConfirmTwoStepInput) input: ConfirmTwoStepInput,
    @Ctx() { session, caller }: GraphQLContext,
  ): Promise<ConfirmTwoStepPayload> {
    const result = await this.deps.twoStep.confirm(session, input.code, caller);
    if (!result.ok) return { errors: result.errors };
    return { user: result.user, recoveryCodes: result.recoveryCodes, errors: [] };
  }

  @Mutation(() => DisableTwoStepPayload, {
    description:
      'With the password and a current code (or a recovery code), turns the second step off; its secret and recovery codes go.',
  })
  async disableTwoStep(
    @Arg('input', () => DisableTwoStepInput) input: DisableTwoStepInput,
    @Ctx() { session, caller }: GraphQLContext,
  ): Promise<DisableTwoStepPayload> {
    const result = await this.deps.twoStep.disable(session, input, caller);
    if (!result.ok) return { errors: result.errors };
    return { user: result.user, errors: [] };
  }

  @Mutation(() => SendTwoStepCodePayload, {
    description:
      "Texts a second-step code: for a sign-in's challenge, or, without one, to the signed-in account for disableTwoStep. SMS method only.",
  })
  async sendTwoStepCode(
    @Arg('input', () => SendTwoStepCodeInput) input: SendTwoStepCodeInput,
    @Ctx() { session, caller }: GraphQLContext,
  ): Promise<SendTwoStepCodePayload> {
    const result = input.challenge
      ? await this.deps.signIns.resendCode(input.challenge, caller)
      : await this.deps.twoStep.sendCode(session, caller);
    if (!result.ok) return { errors: result.errors };
    return { verification: result.verification, errors: [] };
  }

  @Mutation(() => LoginPayload, {
    description:
      "Answers a sign-in's challenge with a current TOTP or SMS code, or an unused recovery code; opens the session. Five wrong codes end the challenge.",
  })
  async completeSignIn(
    @Arg('input', () => CompleteSignInInput) input: CompleteSignInInput,
    @Ctx() { cookies, caller }: GraphQLContext,
  ): Promise<LoginPayload> {
    return signInPayload(await this.deps.signIns.complete(input.challenge, input.code, caller), cookies);
  }
}
