import type { Throttle } from '../abuse/throttle';
import type { PasswordHasher } from '../users/password';
import { isPlausibleEmail, normalizeEmail } from '../users/email';
import { failure, rateLimited, UserErrorCode, type Outcome } from '../shared/outcome';
import type { User } from '../users/user.entity';
import type { UserStore } from '../users/user.store';
import type { Db } from '../db/handles';
import type { Caller } from '../shared/caller';
import type { SessionGrant, SessionService } from '../sessions/session.service';
import type { CurrentSession } from '../sessions/current-session';

const invalidCredentials = () => failure(UserErrorCode.INVALID_CREDENTIALS, 'Email or password is not right.');

/** The tutorial stored a password and never checked it; here it is the way back in. */
export class LoginService {
  constructor(
    private readonly db: Db,
    private readonly users: UserStore,
    private readonly sessions: SessionService,
    private readonly throttle: Throttle,
    private readonly passwords: PasswordHasher,
  ) {}

  async login(
    input: { email: string; password: string },
    caller: Caller,
  ): Promise<Outcome<{ user: User; session: SessionGrant }>> {
    const email = normalizeEmail(input.email);
    // Counted before the password, and for unknown emails too, so a lock says nothing about the account.
    const allowed = await this.throttle.loginAttempt(caller.ip, email);
    if (!allowed.ok) return rateLimited(allowed.retryAfterSeconds);

    const user = isPlausibleEmail(email) ? await this.users.findByEmailWithPassword(this.db, email) : null;
    // An unknown email costs a real hash check too, so timing does not tell which accounts exist.
    const matches = user
      ? await this.passwords.verify(user.passwordHash, input.password)
      : await this.passwords.verifyAgainstNobody(input.password);
    if (!user || !matches) return invalidCredentials();
    await this.throttle.loginSucceeded(caller.ip, email);
    if (!user.verified)
      return failure(
        UserErrorCode.NOT_VERIFIED,
        'Verify your phone first: enter the code we sent, or ask for a new one.',
      );
    const session = await this.sessions.open(this.db, user, caller.userAgent);
    return { ok: true, user, session };
  }

  /**
   * The signed-in person's password again, before a change that matters (a new number, deleting
   * the account): counted and limited exactly like a login, so a stolen session cannot guess it.
   */
  async confirmPassword(session: CurrentSession, password: string, caller: Caller): Promise<Outcome<{ user: User }>> {
    const { email } = session.user;
    const allowed = await this.throttle.loginAttempt(caller.ip, email);
    if (!allowed.ok) return rateLimited(allowed.retryAfterSeconds);
    const user = await this.users.findByIdWithPassword(this.db, session.user.id);
    if (!user || !(await this.passwords.verify(user.passwordHash, password)))
      return failure(UserErrorCode.INVALID_CREDENTIALS, 'That password is not right.', 'password');
    await this.throttle.loginSucceeded(caller.ip, email);
    return { ok: true, user };
  }
}
