import type { Throttle } from '../abuse/throttle';
import type { Database } from '../db/database';
import type { LoginService } from '../sessions/login.service';
import type { CurrentSession, SessionService } from '../sessions/session.service';
import type { Caller } from '../shared/caller';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { SmsQueue } from '../sms/queue/sms-queue';
import { resolveLocale, smsTexts } from '../sms/texts';
import { LOCAL_CODE_POLICY } from '../verification/local/local.provider';
import type { VerificationProvider, VerificationSubject } from '../verification/verification-provider';
import { checkFailures, startFailures } from './code-refusals';
import { validatePhoneInput, type IsTestNumber } from './phone-input';
import type { PhoneChangeStore } from './phone-change.store';
import type { PhonePolicy } from './phone-policy';
import { failure, notSignedIn, rateLimited, UserErrorCode, type Outcome } from './user-error';
import type { User } from './user.entity';
import type { UserStore } from './user.store';

/**
 * A new phone number for a signed-in account: the password again, then a code texted to the new
 * number, which switches when the code comes back. The old number is told. Other sessions stay.
 */
export class PhoneChangeService {
  constructor(
    private readonly database: Database,
    private readonly users: UserStore,
    private readonly changes: PhoneChangeStore,
    private readonly verification: VerificationProvider,
    private readonly notices: SmsQueue,
    private readonly sessions: SessionService,
    private readonly logins: LoginService,
    private readonly throttle: Throttle,
    private readonly phones: PhonePolicy,
    private readonly isTestNumber: IsTestNumber,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async start(session: CurrentSession | null, input: { password: string; countryCode?: string | null; phoneNumber: string }, caller: Caller): Promise<Outcome<object>> {
    if (!session) return notSignedIn();
    const confirmed = await this.logins.confirmPassword(session, input.password, caller);
    if (!confirmed.ok) return confirmed;
    const { user } = confirmed;
    const phone = validatePhoneInput(input, this.phones, this.isTestNumber);
    if (!phone.phoneNumber) return { ok: false, errors: phone.errors };
    const newPhoneNumber = phone.phoneNumber;
    if (newPhoneNumber === user.phoneNumber) return failure(UserErrorCode.INVALID_INPUT, 'That is already the number on your account.', 'phoneNumber');
    for (const allowed of [await this.throttle.phoneChange(user.id), await this.throttle.codeToPhone(newPhoneNumber)]) {
      if (!allowed.ok) return rateLimited(allowed.retryAfterSeconds);
    }

    const now = this.clock();
    const { db } = this.database;
    await this.changes.replace(db, { userId: user.id, newPhoneNumber, createdAt: now, expiresAt: new Date(now.getTime() + LOCAL_CODE_POLICY.lifetimeMs) });
    // authyId null: Authy keys its users by number, so the new number gets an Authy user of its own.
    const started = await this.verification.start(subjectOf(user, newPhoneNumber, null)).catch(async (error: unknown) => {
      await this.abandon(user.id, newPhoneNumber);
      throw error;
    });
    if (!started.ok) {
      await this.abandon(user.id, newPhoneNumber);
      return { ok: false, errors: [startFailures[started.reason]] };
    }
    if (started.authyId !== undefined) await this.changes.setAuthyId(db, user.id, started.authyId);
    return { ok: true };
  }

  async confirm(session: CurrentSession | null, rawCode: string, caller: Caller): Promise<Outcome<{ user: User }>> {
    if (!session) return notSignedIn();
    const allowed = await this.throttle.verification(caller.ip);
    if (!allowed.ok) return rateLimited(allowed.retryAfterSeconds);
    const code = rawCode.trim();
    if (!/^\d{4,10}$/.test(code)) return failure(UserErrorCode.INVALID_INPUT, 'The code is the digits from the SMS.', 'code');
    const { db } = this.database;
    const change = await this.changes.findLive(db, session.user.id, this.clock());
    const user = change && (await this.users.findById(db, session.user.id));
    // Nothing in progress, or it ran out: either way, start again.
    if (!change || !user) return { ok: false, errors: [checkFailures.CODE_EXPIRED] };
    const checked = await this.verification.check(subjectOf(user, change.newPhoneNumber, change.authyId), code);
    if (!checked.ok) return { ok: false, errors: [checkFailures[checked.reason]] };

    const oldPhoneNumber = user.phoneNumber;
    const oldAuthyId = user.authyId;
    const authyId = change.authyId ?? user.authyId;
    const notice = await this.database.transaction(async (tx) => {
      if (checked.spend && !(await checked.spend(tx))) return null;
      await this.users.changePhone(tx, user.id, change.newPhoneNumber, authyId);
      await this.changes.delete(tx, user.id);
      // Every instance's cached copy of the account still shows the old number.
      await this.sessions.forget(tx, user.id);
      return this.notices.enqueue(tx, { to: oldPhoneNumber, body: smsTexts(resolveLocale(user.locale)).phoneChanged() }, user.id);
    });
    if (!notice) return { ok: false, errors: [checkFailures.INVALID_CODE] };
    await this.notices.deliver(notice);
    if (oldAuthyId !== null && oldAuthyId !== authyId) await this.forgetAuthyUser(oldAuthyId);
    return { ok: true, user: Object.assign(user, { phoneNumber: change.newPhoneNumber, authyId }) };
  }

  /** A code that did not go out leaves nothing waiting, and does not count against the number's limits. */
  private async abandon(userId: string, phoneNumber: string): Promise<void> {
    await this.changes.delete(this.database.db, userId);
    await this.throttle.codeNotSent(phoneNumber);
  }

  private async forgetAuthyUser(authyId: number): Promise<void> {
    try {
      await this.verification.forget?.(authyId);
    } catch (error) {
      this.log.warn({ err: error, authyId }, 'the Authy user of the old number could not be removed');
    }
  }
}

function subjectOf(user: User, phoneNumber: string, authyId: number | null): VerificationSubject {
  return { purpose: 'phone-change', userId: user.id, phoneNumber, email: user.email, locale: resolveLocale(user.locale), authyId };
}
