import { Resolver } from 'type-graphql';
import type { AccountServices } from '../accounts/accounts.wiring';

/** The second step at sign-in: turning it on and off, and completing a sign-in that needs it. */
@Resolver()
export class TwoStepResolver {
  constructor(protected readonly deps: AccountServices) {}
}
