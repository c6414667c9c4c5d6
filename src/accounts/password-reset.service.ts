import type { Throttle } from '../abuse/throttle';
import type { Database } from '../db/database';
import type { SessionGrant, SessionService } from '../sessions/session.service';
import type { Caller } from '../shared/caller';
import type { Logger } from '../shared/logger';
import type { BackgroundWork } from '../shared/background-work';
import type { SmsQueue } from '../sms/queue/sms-queue';
import { resolveLocale, smsTexts } from '../sms/texts';
import type { VerificationProvider } from '../verification/verification-provider';
import { checkFailures } from './code-refusals';
import type { PasswordHasher } from '../users/password';
import { subjectOf, type OneTimeCodes } from './one-time-codes';
import { isPlausibleEmail, normalizeEmail } from '../users/email';
import { checkPassword } from './registration.validation';
import { failure, rateLimited, UserErrorCode, type Outcome } from '../shared/outcome';
import type { User } from '../users/user.entity';
import type { UserStore } from '../users/user.store';

/**
 * A forgotten password, reset with a code texted to the account's verified phone. The code rules
 * are signup's (10 minutes, 5 wrong tries, single use), under a purpose of its own, so a reset code
 * never verifies a signup and a signup code never resets a password.
 */
export class PasswordResetService {
  constructor(
    private readonly database: Database,
    private readonly users: UserStore,
    private readonly verification: VerificationProvider,
    private readonly codes: OneTimeCodes,
    private readonly notices: SmsQueue,
    private readonly sessions: SessionService,
    private readonly throttle: Throttle,
    private readonly passwords: PasswordHasher,
    private readonly background: BackgroundWork,
    private readonly log: Logger,
  ) {}

  /**
   * Answers alike, and as fast, for unknown, unverified and verified emails, as resendCode does:
   * the email's limits are counted first, the answer goes out, and only then is the account looked
   * up and the code sent, in the background.
   */
  async request(rawEmail: string, caller: Caller): Promise<Outcome<object>> {
    const email = normalizeEmail(rawEmail);
    const allowed = await this.throttle.passwordResetRequest(caller.ip, email);
    if (!allowed.ok) return rateLimited(allowed.retryAfterSeconds);
    if (isPlausibleEmail(email)) this.background.start(() => this.sendCode(email));
    return { ok: true };
  }

  async reset(
    input: { email: string; code: string; newPassword: string },
    caller: Caller,
  ): Promise<Outcome<{ user: User; session: SessionGrant }>> {
    const admitted = await this.codes.admit(input.code, caller);
    if (!admitted.ok) return admitted;
    // Before the code is looked at, so a good code is not spent on a password that will not do.
    const problem = checkPassword(input.newPassword);
    if (problem) return failure(UserErrorCode.INVALID_INPUT, problem, 'newPassword');

    const email = normalizeEmail(input.email);
    // Without a recent request no code can be right, for any email: answered before the account is
    // looked up or a provider asked, so neither the answer nor its time says whether one exists.
    if (!(await this.throttle.resetRequested(email))) return { ok: false, errors: [checkFailures.CODE_EXPIRED] };
    const user = isPlausibleEmail(email) ? await this.users.findVerifiedByEmail(this.database.db, email) : null;
    // No code was ever sent there: said as for an account whose code is gone, not as "no such account".
    if (!user) return { ok: false, errors: [checkFailures.CODE_EXPIRED] };
    const checked = await this.verification.check(subjectOf(user, 'password-reset'), admitted.code);
    if (!checked.ok) return { ok: false, errors: [checkFailures[checked.reason]] };

    const passwordHash = await this.passwords.hash(input.newPassword);
    const reset = await this.database.transaction(async (tx) => {
      if (checked.spend && !(await checked.spend(tx))) return null;
      await this.users.setPasswordHash(tx, user.id, passwordHash);
      // Whoever held a session, a thief included, is signed out everywhere.
      await this.sessions.revokeAll(tx, user.id);
      const notice = await this.notices.enqueue(
        tx,
        { to: user.phoneNumber, body: smsTexts(resolveLocale(user.locale)).passwordChanged() },
        user.id,
      );
      return { session: await this.sessions.open(tx, user, caller.userAgent), notice };
    });
    if (!reset) return { ok: false, errors: [checkFailures.INVALID_CODE] };
    await this.throttle.loginFailuresCleared(email);
    await this.notices.deliver(reset.notice);
    return { ok: true, user, session: reset.session };
  }

  private async sendCode(email: string): Promise<void> {
    try {
      const user = await this.users.findVerifiedByEmail(this.database.db, email);
      if (user) await this.codes.sendToStoredNumber(user, 'password-reset');
    } catch (error) {
      this.log.error({ err: error }, 'sending a password reset code failed');
    }
  }
}
