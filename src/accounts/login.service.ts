import { byCaller, type AuditLog } from '../audit/audit-log';
import type { Throttle } from '../abuse/throttle';
import type { PasswordHasher } from '../users/password';
import { isPlausibleEmail, normalizeEmail } from '../users/email';
import { failure, rateLimited, UserErrorCode, type Outcome } from '../shared/outcome';
import type { User } from '../users/user.entity';
import type { UserStore } from '../users/user.store';
import type { Database } from '../db/database';
import type { Caller } from '../shared/caller';
import type { CurrentSession } from '../sessions/current-session';
import type { SignedIn, SignIns } from './sign-ins';

const invalidCredentials = () => failure(UserErrorCode.INVALID_CREDENTIALS, 'Email or password is not right.');

export interface LoginServiceDeps {
  database: Database;
  users: UserStore;
  throttle: Throttle;
  passwords: PasswordHasher;
  audit: AuditLog;
  signIns: SignIns;
}

/** The tutorial stored a password and never checked it; here it is the way back in. */
export class LoginService {
  constructor(private readonly deps: LoginServiceDeps) {}

  async login(input: { email: string; password: string }, caller: Caller): Promise<Outcome<SignedIn>> {
    const email = normalizeEmail(input.email);
    // Counted before the password, and for unknown emails too, so a lock says nothing about the account.
    const allowed = await this.deps.throttle.loginAttempt(caller.ip, email);
    if (!allowed.ok) {
      await this.refused('login.locked', email, caller);
      return rateLimited(allowed.retryAfterSeconds);
    }

    const user = isPlausibleEmail(email)
      ? await this.deps.users.findByEmailWithPassword(this.deps.database.db, email)
      : null;
    // An unknown email costs a real hash check too, so timing does not tell which accounts exist.
    const matches = user
      ? await this.deps.passwords.verify(user.passwordHash, input.password)
      : await this.deps.passwords.verifyAgainstNobody(input.password);
    if (!user || !matches) {
      await this.deps.audit.recordNow({
        type: 'login.failed',
        userId: user?.id ?? null,
        ...byCaller(caller),
        outcome: 'failure',
      });
      return invalidCredentials();
    }
    await this.deps.throttle.loginSucceeded(caller.ip, email);
    if (!user.verified)
      return failure(
        UserErrorCode.NOT_VERIFIED,
        'Verify your phone first: enter the code we sent, or ask for a new one.',
      );
    const signedIn = await this.deps.signIns.open(user, 'password', caller);
    // Deleted since its password was checked: there is no such account any more.
    return signedIn.ok ? signedIn : invalidCredentials();
  }

  /**
   * The signed-in person's password again, before a change that matters (a new number, deleting
   * the account, a new password): counted and limited exactly like a login, so a stolen session
   * cannot guess it. `field` is the input that held it.
   */
  async confirmPassword(
    session: CurrentSession,
    password: string,
    caller: Caller,
    field = 'password',
  ): Promise<Outcome<{ user: User }>> {
    const { email } = session.user;
    const allowed = await this.deps.throttle.loginAttempt(caller.ip, email);
    if (!allowed.ok) {
      await this.refused('login.locked', email, caller);
      return rateLimited(allowed.retryAfterSeconds);
    }
    const user = await this.deps.users.findByIdWithPassword(this.deps.database.db, session.user.id);
    if (!user || !(await this.deps.passwords.verify(user.passwordHash, password))) {
      const entry = { type: 'password.confirm_failed', userId: session.user.id, ...byCaller(caller) };
      await this.deps.audit.recordNow({ ...entry, outcome: 'failure' });
      return failure(UserErrorCode.INVALID_CREDENTIALS, 'That password is not right.', field);
    }
    await this.deps.throttle.loginSucceeded(caller.ip, email);
    return { ok: true, user };
  }

  /** A refusal on the account of `email`, if there is one: an unknown email is nobody's to record. */
  private async refused(type: string, email: string, caller: Caller): Promise<void> {
    const user = isPlausibleEmail(email) ? await this.deps.users.findByEmail(this.deps.database.db, email) : null;
    await this.deps.audit.recordNow({ type, userId: user?.id ?? null, ...byCaller(caller), outcome: 'failure' });
  }
}
