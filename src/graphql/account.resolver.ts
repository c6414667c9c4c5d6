import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AccountDeletionService } from '../accounts/account-deletion.service';
import type { PasswordChangeService } from '../accounts/password-change.service';
import type { PasswordResetService } from '../accounts/password-reset.service';
import type { PhoneChangeService } from '../accounts/phone-change.service';
import { formatPhoneNumber } from '../accounts/phone';
import {
  ChangePasswordInput,
  ChangePasswordPayload,
  ConfirmPhoneChangeInput,
  ConfirmPhoneChangePayload,
  DeleteAccountInput,
  DeleteAccountPayload,
  RequestPasswordResetInput,
  RequestPasswordResetPayload,
  ResetPasswordInput,
  ResetPasswordPayload,
  StartPhoneChangeInput,
  StartPhoneChangePayload,
} from './account.types';
import type { GraphQLContext } from './context';
import { signInPayload } from './sign-in-payload';

export interface AccountResolverDeps {
  resets: PasswordResetService;
  passwordChange: PasswordChangeService;
  phoneChange: PhoneChangeService;
  deletion: AccountDeletionService;
}

/** The account after signup: a forgotten or changed password, a new phone, leaving. */
@Resolver()
export class AccountResolver {
  constructor(private readonly deps: AccountResolverDeps) {}

  @Mutation(() => RequestPasswordResetPayload, {
    description: "Texts a reset code to the account's verified phone. Answers the same for any email.",
  })
  async requestPasswordReset(
    @Arg('input', () => RequestPasswordResetInput) input: RequestPasswordResetInput,
    @Ctx() { caller }: GraphQLContext,
  ): Promise<RequestPasswordResetPayload> {
    const result = await this.deps.resets.request(input, caller);
    if (!result.ok) return { errors: result.errors, verification: result.verification };
    return {
      message:
        'If a verified account has this email, a code is sent to its phone. If none arrives, ask again in 30 seconds.',
      verification: result.verification,
      errors: [],
    };
  }

  @Mutation(() => ResetPasswordPayload, {
    description:
      'Sets a new password with the texted code; signs out every session and opens a new one. An account with a TOTP second step gets twoStep instead, and nothing changes until completeSignIn.',
  })
  async resetPassword(
    @Arg('input', () => ResetPasswordInput) input: ResetPasswordInput,
    @Ctx() { caller, cookies }: GraphQLContext,
  ): Promise<ResetPasswordPayload> {
    return signInPayload(await this.deps.resets.reset(input, caller), cookies);
  }

  @Mutation(() => ChangePasswordPayload, {
    description:
      "With the current password (counted like a login), sets a new one; signs out the account's other sessions and texts its phone.",
  })
  async changePassword(
    @Arg('input', () => ChangePasswordInput) input: ChangePasswordInput,
    @Ctx() { session, caller }: GraphQLContext,
  ): Promise<ChangePasswordPayload> {
    const result = await this.deps.passwordChange.change(session, input, caller);
    if (!result.ok) return { errors: result.errors };
    return { user: result.user, errors: [] };
  }

  @Mutation(() => StartPhoneChangePayload, {
    description: 'With the current password, texts a code to a new number for the signed-in account.',
  })
  async startPhoneChange(
    @Arg('input', () => StartPhoneChangeInput) input: StartPhoneChangeInput,
    @Ctx() { session, caller }: GraphQLContext,
  ): Promise<StartPhoneChangePayload> {
    const result = await this.deps.phoneChange.start(session, input, caller);
    if (!result.ok) return { errors: result.errors };
    return { message: `A code was sent to your new number, ${formatPhoneNumber(result.newPhoneNumber)}.`, errors: [] };
  }

  @Mutation(() => ConfirmPhoneChangePayload, {
    description: 'Switches to the new number once its code comes back; the old number is told.',
  })
  async confirmPhoneChange(
    @Arg('input', () => ConfirmPhoneChangeInput) input: ConfirmPhoneChangeInput,
    @Ctx() { session, caller }: GraphQLContext,
  ): Promise<ConfirmPhoneChangePayload> {
    const result = await this.deps.phoneChange.confirm(session, input.code, caller);
    if (!result.ok) return { errors: result.errors };
    return { user: result.user, errors: [] };
  }

  @Mutation(() => DeleteAccountPayload, {
    description: 'With the password, deletes the signed-in account and everything kept about it.',
  })
  async deleteAccount(
    @Arg('input', () => DeleteAccountInput) input: DeleteAccountInput,
    @Ctx() { session, caller, cookies }: GraphQLContext,
  ): Promise<DeleteAccountPayload> {
    const result = await this.deps.deletion.delete(session, input.password, caller);
    if (!result.ok) return { deleted: false, errors: result.errors };
    cookies.clear();
    return { deleted: true, errors: [] };
  }
}
