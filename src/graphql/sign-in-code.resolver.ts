import { Resolver } from 'type-graphql';
import type { AccountServices } from '../accounts/accounts.wiring';

/** Signing in with a code sent to the account's verified phone, instead of a password. */
@Resolver()
export class SignInCodeResolver {
  constructor(protected readonly deps: AccountServices) {}
}
