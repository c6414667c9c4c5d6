import { byCaller, type AuditLog } from '../audit/audit-log';
import type { Database } from '../db/database';
import type { CurrentSession } from '../sessions/current-session';
import type { SessionService } from '../sessions/session.service';
import type { Caller } from '../shared/caller';
import type { Clock } from '../shared/clock';
import { failure, notSignedIn, UserErrorCode, type Outcome } from '../shared/outcome';
import type { SmsQueue } from '../sms/queue/sms-queue';
import { resolveLocale, smsTexts } from '../sms/texts';
import type { PasswordHasher } from '../users/password';
import type { User } from '../users/user.entity';
import type { UserStore } from '../users/user.store';
import type { LoginService } from './login.service';
import { checkPassword } from './password-rules';
import { SignInChallengeStore } from './two-step/sign-in-challenge.store';

export interface PasswordChangeServiceDeps {
  database: Database;
  users: UserStore;
  sessions: SessionService;
  logins: LoginService;
  audit: AuditLog;
  passwords: PasswordHasher;
  messages: SmsQueue;
  clock: Clock;
}

/**
 * A new password for the signed-in account, with the current one: every other session ends (a
 * thief's included), and so does every sign-in waiting for its second step; this session stays,
 * and the phone is told, as after a reset.
 */
export class PasswordChangeService {
  private readonly challenges = new SignInChallengeStore();

  constructor(private readonly deps: PasswordChangeServiceDeps) {}

  async change(
    session: CurrentSession | null,
    input: { currentPassword: string; newPassword: string },
    caller: Caller,
  ): Promise<Outcome<{ user: User }>> {
    if (!session) return notSignedIn();
    // Before the current password, which costs a hash and a login attempt; it says nothing about the account.
    const problem = checkPassword(input.newPassword, session.user);
    if (problem) return failure(UserErrorCode.INVALID_INPUT, problem, 'newPassword');
    // Nothing would change, yet the other sessions would end and the phone hear that it had.
    if (input.newPassword === input.currentPassword)
      return failure(
        UserErrorCode.INVALID_INPUT,
        'The new password is the one you have now. Choose another.',
        'newPassword',
      );
    const confirmed = await this.deps.logins.confirmPassword(session, input.currentPassword, caller, 'currentPassword');
    if (!confirmed.ok) return confirmed;
    const { user } = confirmed;

    const passwordHash = await this.deps.passwords.hash(input.newPassword);
    const notice = await this.deps.database.transaction(async (tx) => {
      await this.deps.users.setPasswordHash(tx, user.id, passwordHash);
      await this.deps.audit.record(tx, {
        type: 'password.changed',
        userId: user.id,
        ...byCaller(caller),
        outcome: 'success',
      });
      await this.deps.sessions.revokeOthers(tx, session);
      // A sign-in waiting for its second step began with the old password, or a reset's would set it over this one.
      await this.challenges.endAllOf(tx, user.id, this.deps.clock());
      return this.deps.messages.enqueue(
        tx,
        { to: user.phoneNumber, body: smsTexts(resolveLocale(user.locale)).passwordChanged() },
        user.id,
      );
    });
    await this.deps.messages.deliver(notice);
    return { ok: true, user };
  }
}
