import type { EntityManager } from '@mikro-orm/sqlite';
import { dummyPasswordHash, verifyPassword } from '../accounts/password';
import { normalizeEmail } from '../accounts/registration.validation';
import { failure, UserErrorCode, type Outcome } from '../accounts/user-error';
import { User } from '../accounts/user.entity';
import type { SessionGrant, SessionService } from './session.service';

const invalidCredentials = () => failure(UserErrorCode.INVALID_CREDENTIALS, 'Email or password is not right.');

/** The tutorial stored a password and never checked it; here it is the way back in. */
export class LoginService {
  constructor(private readonly sessions: SessionService) {}

  async login(em: EntityManager, input: { email: string; password: string }): Promise<Outcome<{ user: User; session: SessionGrant }>> {
    const user = await em.findOne(User, { email: normalizeEmail(input.email) }, { populate: ['passwordHash'] });
    // An unknown email costs a real hash check too, so timing does not tell which accounts exist.
    const matches = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
    if (!user || !matches) return invalidCredentials();
    if (!user.verified) return failure(UserErrorCode.NOT_VERIFIED, 'Verify your phone first: enter the code we sent, or ask for a new one.');
    const session = this.sessions.open(em, user);
    await em.flush();
    return { ok: true, user, session };
  }
}
