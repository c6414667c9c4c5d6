import { userData, type Events } from '../webhooks/events';
import { byCaller, type AuditLog } from '../audit/audit-log';
import type { Throttle } from '../abuse/throttle';
import type { Database } from '../db/database';
import type { LoginService } from './login.service';
import type { SessionService } from '../sessions/session.service';
import type { CurrentSession } from '../sessions/current-session';
import type { Caller } from '../shared/caller';
import type { Clock } from '../shared/clock';
import type { CodeChannel } from '../sms/channels';
import type { SmsQueue } from '../sms/queue/sms-queue';
import { resolveLocale, smsTexts } from '../sms/texts';
import { LOCAL_CODE_POLICY } from '../verification/local/local.provider';
import { checkFailures, startFailures } from './code-refusals';
import type { AuthyRegistrations } from './authy-registrations';
import { spentCode, subjectOf, type OneTimeCodes } from './one-time-codes';
import { validatePhoneInput } from './phone-input';
import type { PhoneChangeStore } from './phone-change.store';
import type { PhonePolicy } from './phone-policy';
import { failure, notSignedIn, rateLimited, UserErrorCode, type Outcome } from '../shared/outcome';
import type { User } from '../users/user.entity';
import type { UserStore } from '../users/user.store';

export interface PhoneChangeServiceDeps {
  database: Database;
  users: UserStore;
  phoneChanges: PhoneChangeStore;
  codes: OneTimeCodes;
  messages: SmsQueue;
  sessions: SessionService;
  logins: LoginService;
  audit: AuditLog;
  events: Events;
  throttle: Throttle;
  phones: PhonePolicy;
  authy: AuthyRegistrations;
  clock: Clock;
}

/**
 * A new phone number for a signed-in account: the password again, then a code texted to the new
 * number, which switches when the code comes back. The old number is told. Other sessions stay.
 */
export class PhoneChangeService {
  constructor(private readonly deps: PhoneChangeServiceDeps) {}

  async start(
    session: CurrentSession | null,
    input: {
      password: string;
      countryCode?: string | null;
      phoneNumber: string;
      captcha?: string | null;
      channel?: CodeChannel | null;
    },
    caller: Caller,
  ): Promise<Outcome<{ newPhoneNumber: string }>> {
    if (!session) return notSignedIn();
    // Before the password is tried: a request that cannot be served costs no login attempt.
    const refused = this.deps.codes.channelRefusal(input.channel);
    if (refused) return { ok: false, errors: [refused] };
    const fromHere = await this.deps.throttle.phoneChangeAttempt(caller.ip);
    if (!fromHere.ok) return rateLimited(fromHere.retryAfterSeconds);
    const confirmed = await this.deps.logins.confirmPassword(session, input.password, caller);
    if (!confirmed.ok) return confirmed;
    const { user } = confirmed;
    const phone = validatePhoneInput(input, this.deps.phones);
    if (!phone.phoneNumber) return { ok: false, errors: phone.errors };
    const newPhoneNumber = phone.phoneNumber;
    if (newPhoneNumber === user.phoneNumber)
      return failure(UserErrorCode.INVALID_INPUT, 'That is already the number on your account.', 'phoneNumber');
    // In turn: a refused account must not count against the number's limits or the global cap.
    const perAccount = await this.deps.throttle.phoneChange(user.id);
    if (!perAccount.ok) return rateLimited(perAccount.retryAfterSeconds);
    const reserved = await this.deps.codes.reserve({
      phone: newPhoneNumber,
      purpose: 'phone-change',
      channel: input.channel ?? undefined,
      ip: caller.ip,
      captcha: input.captcha,
    });
    if (!reserved.ok) {
      await this.deps.throttle.phoneChangeNotSent(user.id);
      return { ok: false, errors: reserved.errors };
    }
    const { permit } = reserved;

    const now = this.deps.clock();
    const { db } = this.deps.database;
    const replaced = await this.deps.phoneChanges.replace(db, {
      userId: user.id,
      newPhoneNumber,
      createdAt: now,
      expiresAt: new Date(now.getTime() + LOCAL_CODE_POLICY.lifetimeMs),
    });
    if (replaced === 'user gone') {
      // Deleted since the password was checked: the session went with it, and no code goes out.
      await this.deps.codes.release(permit);
      return notSignedIn();
    }
    if (replaced.replacedAuthyId !== null) await this.deps.authy.forget(replaced.replacedAuthyId);
    // authyId null: Authy keys its users by number, so the new number gets an Authy user of its own, kept on the change.
    const subject = subjectOf(user, 'phone-change', { phoneNumber: newPhoneNumber, authyId: null });
    const started = await this.deps.codes
      .start(subject, permit, (authyId) => this.deps.phoneChanges.setAuthyId(db, user.id, authyId))
      .catch(async (error: unknown) => {
        await this.notStarted(user.id);
        throw error;
      });
    if (!started.ok) {
      await this.notStarted(user.id);
      return { ok: false, errors: [startFailures[started.reason]] };
    }
    return { ok: true, newPhoneNumber };
  }

  /** No code went out (OneTimeCodes.start gave the number's limits back): nothing to confirm, nothing spent. */
  private async notStarted(userId: string): Promise<void> {
    await this.deps.phoneChanges.delete(this.deps.database.db, userId);
    await this.deps.throttle.phoneChangeNotSent(userId);
  }

  async confirm(session: CurrentSession | null, rawCode: string, caller: Caller): Promise<Outcome<{ user: User }>> {
    if (!session) return notSignedIn();
    const admitted = await this.deps.codes.admit(rawCode, caller);
    if (!admitted.ok) return admitted;
    const { db } = this.deps.database;
    const change = await this.deps.phoneChanges.findLive(db, session.user.id, this.deps.clock());
    const user = change && (await this.deps.users.findById(db, session.user.id));
    // Nothing in progress, or it ran out: either way, start again.
    if (!change || !user) return { ok: false, errors: [checkFailures.CODE_EXPIRED] };
    const checked = await this.deps.codes.check(
      subjectOf(user, 'phone-change', { phoneNumber: change.newPhoneNumber, authyId: change.authyId }),
      admitted.code,
      caller,
    );
    if (!checked.ok) return { ok: false, errors: checked.errors };

    const oldPhoneNumber = user.phoneNumber;
    const oldAuthyId = user.authyId;
    // The new number's Authy user, if Authy is in use; none otherwise (a test number, another provider).
    const authyId = change.authyId;
    const notice = await this.deps.database.transaction(async (tx) => {
      if (checked.spend && !(await checked.spend(tx))) return null;
      if (!(await this.deps.phoneChanges.consume(tx, change))) return null;
      await this.deps.users.changePhone(tx, user.id, change.newPhoneNumber, authyId);
      const changed = { ...user, phoneNumber: change.newPhoneNumber };
      await this.deps.events.emit(tx, { type: 'user.phone_changed', data: userData(changed) });
      await this.deps.audit.record(tx, {
        type: 'phone.changed',
        userId: user.id,
        ...byCaller(caller),
        outcome: 'success',
      });
      // Every instance's cached copy of the account still shows the old number.
      await this.deps.sessions.forget(tx, user.id);
      return this.deps.messages.enqueue(
        tx,
        { to: oldPhoneNumber, body: smsTexts(resolveLocale(user.locale)).phoneChanged() },
        user.id,
      );
    });
    if (!notice) return spentCode();
    await this.deps.messages.deliver(notice);
    if (oldAuthyId !== null && oldAuthyId !== authyId) await this.deps.authy.forget(oldAuthyId);
    return { ok: true, user: Object.assign(user, { phoneNumber: change.newPhoneNumber, authyId }) };
  }
}
