import type { Database } from '../db/database';
import type { Logger } from '../shared/logger';
import type { VerificationProvider } from '../verification/verification-provider';
import type { PhoneChangeStore } from './phone-change.store';
import type { UserStore } from '../users/user.store';

export interface AuthyRegistrationsDeps {
  database: Database;
  users: UserStore;
  phoneChanges: PhoneChangeStore;
  verification: VerificationProvider;
  log: Logger;
}

/**
 * Removes Authy users nobody here needs any more (a deleted account, a number left behind), unless
 * another account still holds the same one: Authy keys its users by number, and numbers can be shared.
 */
export class AuthyRegistrations {
  constructor(private readonly deps: AuthyRegistrationsDeps) {}

  async forget(authyId: number): Promise<void> {
    if (!this.deps.verification.forget) return;
    try {
      const { db } = this.deps.database;
      if ((await this.deps.users.authyIdInUse(db, authyId)) || (await this.deps.phoneChanges.authyIdInUse(db, authyId)))
        return;
      await this.deps.verification.forget(authyId);
    } catch (error) {
      // The account is gone or moved on either way; Authy's copy is what an operator removes by hand.
      this.deps.log.error({ err: error, authyId }, 'an Authy user no account needs could not be removed');
    }
  }
}
