import { userData, type Events } from '../webhooks/events';
import { byCaller, type AuditLog } from '../audit/audit-log';
import type { Database } from '../db/database';
import type { Caller } from '../shared/caller';
import { failure, UserErrorCode, type Outcome } from '../shared/outcome';
import type { SessionGrant, SessionService } from '../sessions/session.service';
import { SessionUserGone } from '../sessions/session.store';
import type { User } from '../users/user.entity';

/** What a person proved to begin a sign-in: their password, or a code sent to their verified phone. */
export type FirstFactor = 'password' | 'code';

/** A sign-in that opened a session. */
export interface SignedIn {
  user: User;
  session: SessionGrant;
}

export interface SignInsDeps {
  database: Database;
  sessions: SessionService;
  audit: AuditLog;
  events: Events;
}

/**
 * Where every way of signing in ends once its first factor is proved: one place that opens the
 * session, records it and tells the webhooks, so a way of signing in added later cannot skip them.
 */
export class SignIns {
  constructor(private readonly deps: SignInsDeps) {}

  async open(user: User, firstFactor: FirstFactor, caller: Caller): Promise<Outcome<SignedIn>> {
    try {
      const session = await this.deps.database.transaction(async (tx) => {
        const opened = await this.deps.sessions.open(tx, user, caller.userAgent);
        await this.deps.events.emit(tx, { type: 'user.signed_in', data: userData(user) });
        await this.deps.audit.record(tx, {
          type: 'login.succeeded',
          userId: user.id,
          ...byCaller(caller),
          outcome: 'success',
          detail: { method: firstFactor },
        });
        return opened;
      });
      return { ok: true, user, session };
    } catch (error) {
      // Deleted since its first factor was checked: there is no such account any more.
      if (error instanceof SessionUserGone)
        return failure(UserErrorCode.INVALID_CREDENTIALS, 'That account no longer exists.');
      throw error;
    }
  }
}
