import type { Events } from '../webhooks/events';
import { byCaller, type AuditEntry, type AuditLog } from '../audit/audit-log';
import type { Tx } from '../db/handles';
import type { Database } from '../db/database';
import type { LoginService } from './login.service';
import type { SessionService } from '../sessions/session.service';
import type { CurrentSession } from '../sessions/current-session';
import type { Caller } from '../shared/caller';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { AuthyRegistrations } from './authy-registrations';
import type { PhoneChangeStore } from './phone-change.store';
import { notSignedIn, type Outcome } from '../shared/outcome';
import type { User } from '../users/user.entity';
import type { UserStore } from '../users/user.store';

/** What else keeps rows about a person's phone: the development outbox, when it is on. */
export interface PhoneTrace {
  forgetPhone(phoneNumber: string): Promise<void>;
}

export interface AccountDeletionServiceDeps {
  database: Database;
  users: UserStore;
  phoneChanges: PhoneChangeStore;
  authy: AuthyRegistrations;
  sessions: SessionService;
  logins: LoginService;
  phoneTraces?: PhoneTrace;
  clock: Clock;
  log: Logger;
  audit: AuditLog;
  events: Events;
}

/**
 * In-app account deletion, as app stores require: the password again, then the user and every row
 * that is theirs (sessions, codes, a phone change in progress, queued messages and their attempts,
 * all by foreign key), and the Authy registration. The email is free again at once. Rate-limit
 * counters are left to expire: keyed by an HMAC, they name nobody.
 */
export class AccountDeletionService {
  constructor(private readonly deps: AccountDeletionServiceDeps) {}

  async delete(session: CurrentSession | null, password: string, caller: Caller): Promise<Outcome<object>> {
    if (!session) return notSignedIn();
    const confirmed = await this.deps.logins.confirmPassword(session, password, caller);
    if (!confirmed.ok) return confirmed;
    await this.erase(confirmed.user, byCaller(caller));
    return { ok: true };
  }

  /**
   * An operator's deletion, without the password: the same erasure, then `admin.user_deleted` with
   * the reason, written after the forget so it keeps the reason (it holds nothing personal).
   * False when no account has this id.
   */
  async deleteByAdmin(userId: string, reason: string): Promise<boolean> {
    const user = await this.deps.users.findById(this.deps.database.db, userId);
    if (!user) return false;
    await this.erase(user, { actor: 'admin' }, async (tx) => {
      const entry = { userId, actor: 'admin' as const, outcome: 'success' as const, detail: { reason } };
      await this.deps.audit.record(tx, { type: 'admin.user_deleted', ...entry });
      await this.deps.events.emit(tx, { type: 'admin.user_deleted', data: { id: userId, reason } });
    });
    return true;
  }

  private async erase(
    user: User,
    by: Pick<AuditEntry, 'actor' | 'ip' | 'userAgent'>,
    afterForget?: (tx: Tx) => Promise<void>,
  ): Promise<void> {
    const { db } = this.deps.database;
    const change = await this.deps.phoneChanges.findLive(db, user.id, this.deps.clock());
    await this.deps.database.transaction(async (tx) => {
      await this.deps.users.delete(tx, user.id);
      await this.deps.sessions.forget(tx, user.id);
      await this.deps.audit.record(tx, { type: 'user.deleted', userId: user.id, ...by, outcome: 'success' });
      await this.deps.events.emit(tx, { type: 'user.deleted', data: { id: user.id } });
      // The account's events stay, but no longer say where from or with what.
      await this.deps.audit.forget(tx, user.id);
      await afterForget?.(tx);
    });
    // The number, and a new one it was moving to, unless another account has it: its texts are that account's too.
    for (const phoneNumber of new Set([user.phoneNumber, change?.newPhoneNumber])) {
      if (phoneNumber && this.deps.phoneTraces && !(await this.deps.users.phoneInUse(db, phoneNumber)))
        await this.deps.phoneTraces.forgetPhone(phoneNumber);
    }
    for (const authyId of new Set([user.authyId, change?.authyId])) if (authyId) await this.deps.authy.forget(authyId);
    this.deps.log.info({ userId: user.id }, 'account deleted');
  }
}
