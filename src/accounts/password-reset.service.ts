import type { Throttle } from '../abuse/throttle';
import type { Database } from '../db/database';
import type { Caller } from '../shared/caller';
import type { BackgroundWork } from '../shared/background-work';
import type { CodeByEmail, CodeRequests, RequestLimits } from './code-requests';
import type { Clock } from '../shared/clock';
import type { VerificationState } from '../verification/verification-state';
import { checkFailures } from './code-refusals';
import type { PasswordHasher } from '../users/password';
import { subjectOf, type OneTimeCodes } from './one-time-codes';
import type { SignedIn, SignIns } from './sign-ins';
import { isPlausibleEmail, normalizeEmail } from '../users/email';
import { checkPassword } from './password-rules';
import { failure, UserErrorCode, type Outcome } from '../shared/outcome';
import type { UserStore } from '../users/user.store';

export interface PasswordResetServiceDeps {
  database: Database;
  users: UserStore;
  codes: OneTimeCodes;
  throttle: Throttle;
  passwords: PasswordHasher;
  background: BackgroundWork;
  requests: CodeRequests;
  clock: Clock;
  signIns: SignIns;
}

/**
 * A forgotten password, reset with a code texted to the account's verified phone. The code rules
 * are signup's (10 minutes, 5 wrong tries, single use), under a purpose of its own, so a reset code
 * never verifies a signup and a signup code never resets a password.
 */
export class PasswordResetService {
  constructor(private readonly deps: PasswordResetServiceDeps) {}

  /**
   * A reset code for the account of an email, answered as resendCode is (CodeRequests.ask), under
   * the email's own reset limits. While the global SMS cap is spent no code could go out, so every
   * email is told RATE_LIMITED with when to ask again. The SMS guard always lets a reset to its
   * verified owner's number through.
   */
  request(
    input: CodeByEmail,
    caller: Caller,
  ): Promise<Outcome<{ verification: VerificationState }, { verification: VerificationState }>> {
    return this.deps.requests.ask(input, 'password-reset', this.limits, caller);
  }

  private readonly limits: RequestLimits = {
    hit: (ip, email) => this.deps.throttle.passwordResetRequest(ip, email),
    next: (email) => this.deps.throttle.nextResetRequest(email),
  };

  async reset(input: { email: string; code: string; newPassword: string }, caller: Caller): Promise<Outcome<SignedIn>> {
    const admitted = await this.deps.codes.admit(input.code, caller);
    if (!admitted.ok) return admitted;
    const email = normalizeEmail(input.email);
    // Before the code is looked at, so a good code is not spent on a password that will not do.
    const problem = checkPassword(input.newPassword, { email });
    if (problem) return failure(UserErrorCode.INVALID_INPUT, problem, 'newPassword');

    // Without a recent request no code can be right, for any email: answered before the account is
    // looked up or a provider asked, so neither the answer nor its time says whether one exists.
    if (!(await this.deps.throttle.resetRequested(email))) return { ok: false, errors: [checkFailures.CODE_EXPIRED] };
    const user = isPlausibleEmail(email)
      ? await this.deps.users.findVerifiedByEmail(this.deps.database.db, email)
      : null;
    // No code was ever sent there: said as for an account whose code is gone, not as "no such account".
    if (!user) return { ok: false, errors: [checkFailures.CODE_EXPIRED] };
    // The name is known only now; still before the code is checked (Twilio Verify spends a right one).
    const personal = checkPassword(input.newPassword, user);
    if (personal) return failure(UserErrorCode.INVALID_INPUT, personal, 'newPassword');
    const checked = await this.deps.codes.check(subjectOf(user, 'password-reset'), admitted.code, caller);
    if (!checked.ok) return { ok: false, errors: checked.errors };

    const passwordHash = await this.deps.passwords.hash(input.newPassword);
    // A sign-in by a code to the phone: an authenticator's second step, when the account has one, comes first.
    return this.deps.signIns.open(user, 'password-reset', caller, {
      prove: checked.spend,
      newPasswordHash: passwordHash,
    });
  }
}
