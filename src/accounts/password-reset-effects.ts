import { userData, type Events } from '../webhooks/events';
import { byCaller, type AuditLog } from '../audit/audit-log';
import type { Throttle } from '../abuse/throttle';
import type { Tx } from '../db/handles';
import type { SessionService } from '../sessions/session.service';
import type { Caller } from '../shared/caller';
import type { SmsQueue } from '../sms/queue/sms-queue';
import type { PendingSms } from '../sms/queue/sms-queue.store';
import { resolveLocale, smsTexts } from '../sms/texts';
import type { User } from '../users/user.entity';
import type { UserStore } from '../users/user.store';

export interface PasswordResetEffectsDeps {
  users: UserStore;
  messages: SmsQueue;
  sessions: SessionService;
  throttle: Throttle;
  audit: AuditLog;
  events: Events;
}

/** What a reset does to the account once it is proved: SignIns applies it with the session it opens. */
export class PasswordResetEffects {
  constructor(private readonly deps: PasswordResetEffectsDeps) {}

  /** In the transaction that opens the new session; answers the notice to deliver once it commits. */
  async apply(tx: Tx, user: User, passwordHash: string, caller: Caller): Promise<PendingSms> {
    await this.deps.users.setPasswordHash(tx, user.id, passwordHash);
    await this.deps.events.emit(tx, { type: 'user.password_reset', data: userData(user) });
    await this.deps.audit.record(tx, {
      type: 'password.reset',
      userId: user.id,
      ...byCaller(caller),
      outcome: 'success',
    });
    // Whoever held a session, a thief included, is signed out everywhere.
    await this.deps.sessions.revokeAll(tx, user.id);
    return this.deps.messages.enqueue(
      tx,
      { to: user.phoneNumber, body: smsTexts(resolveLocale(user.locale)).passwordChanged() },
      user.id,
    );
  }

  /** Once committed: the new password works at once, and the phone is told. */
  async applied(user: User, notice: PendingSms): Promise<void> {
    await this.deps.throttle.loginFailuresCleared(user.email);
    await this.deps.messages.deliver(notice);
  }
}
