import type { Throttle } from '../abuse/throttle';
import type { Database } from '../db/database';
import type { LoginService } from './login.service';
import type { SessionService } from '../sessions/session.service';
import type { CurrentSession } from '../sessions/current-session';
import type { Caller } from '../shared/caller';
import type { Clock } from '../shared/clock';
import type { SmsQueue } from '../sms/queue/sms-queue';
import { resolveLocale, smsTexts } from '../sms/texts';
import { LOCAL_CODE_POLICY } from '../verification/local/local.provider';
import type { VerificationProvider } from '../verification/verification-provider';
import { checkFailures, startFailures } from './code-refusals';
import type { AuthyRegistrations } from './authy-registrations';
import { subjectOf, type OneTimeCodes } from './one-time-codes';
import { validatePhoneInput, type IsTestNumber } from './phone-input';
import type { PhoneChangeStore } from './phone-change.store';
import type { PhonePolicy } from './phone-policy';
import { failure, notSignedIn, rateLimited, UserErrorCode, type Outcome } from '../shared/outcome';
import type { User } from '../users/user.entity';
import type { UserStore } from '../users/user.store';

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
    private readonly codes: OneTimeCodes,
    private readonly notices: SmsQueue,
    private readonly sessions: SessionService,
    private readonly logins: LoginService,
    private readonly throttle: Throttle,
    private readonly phones: PhonePolicy,
    private readonly isTestNumber: IsTestNumber,
    private readonly authy: AuthyRegistrations,
    private readonly clock: Clock,
  ) {}

  async start(
    session: CurrentSession | null,
    input: { password: string; countryCode?: string | null; phoneNumber: string },
    caller: Caller,
  ): Promise<Outcome<object>> {
    if (!session) return notSignedIn();
    const fromHere = await this.throttle.phoneChangeAttempt(caller.ip);
    if (!fromHere.ok) return rateLimited(fromHere.retryAfterSeconds);
    const confirmed = await this.logins.confirmPassword(session, input.password, caller);
    if (!confirmed.ok) return confirmed;
    const { user } = confirmed;
    const phone = validatePhoneInput(input, this.phones, this.isTestNumber);
    if (!phone.phoneNumber) return { ok: false, errors: phone.errors };
    const newPhoneNumber = phone.phoneNumber;
    if (newPhoneNumber === user.phoneNumber)
      return failure(UserErrorCode.INVALID_INPUT, 'That is already the number on your account.', 'phoneNumber');
    // In turn: a refused account must not count against the number's limits or the global cap.
    const perAccount = await this.throttle.phoneChange(user.id);
    if (!perAccount.ok) return rateLimited(perAccount.retryAfterSeconds);
    const sendable = await this.throttle.codeToPhone(newPhoneNumber);
    if (!sendable.ok) return rateLimited(sendable.retryAfterSeconds);

    const now = this.clock();
    const { db } = this.database;
    const replaced = await this.changes.replace(db, {
      userId: user.id,
      newPhoneNumber,
      createdAt: now,
      expiresAt: new Date(now.getTime() + LOCAL_CODE_POLICY.lifetimeMs),
    });
    if (replaced !== null) await this.authy.forget(replaced);
    // authyId null: Authy keys its users by number, so the new number gets an Authy user of its own, kept on the change.
    const subject = subjectOf(user, 'phone-change', { phoneNumber: newPhoneNumber, authyId: null });
    const started = await this.codes
      .start(subject, (authyId) => this.changes.setAuthyId(db, user.id, authyId))
      .catch(async (error: unknown) => {
        await this.changes.delete(db, user.id);
        throw error;
      });
    if (!started.ok) {
      await this.changes.delete(db, user.id);
      return { ok: false, errors: [startFailures[started.reason]] };
    }
    return { ok: true };
  }

  async confirm(session: CurrentSession | null, rawCode: string, caller: Caller): Promise<Outcome<{ user: User }>> {
    if (!session) return notSignedIn();
    const admitted = await this.codes.admit(rawCode, caller);
    if (!admitted.ok) return admitted;
    const { db } = this.database;
    const change = await this.changes.findLive(db, session.user.id, this.clock());
    const user = change && (await this.users.findById(db, session.user.id));
    // Nothing in progress, or it ran out: either way, start again.
    if (!change || !user) return { ok: false, errors: [checkFailures.CODE_EXPIRED] };
    const checked = await this.verification.check(
      subjectOf(user, 'phone-change', { phoneNumber: change.newPhoneNumber, authyId: change.authyId }),
      admitted.code,
    );
    if (!checked.ok) return { ok: false, errors: [checkFailures[checked.reason]] };

    const oldPhoneNumber = user.phoneNumber;
    const oldAuthyId = user.authyId;
    // The new number's Authy user, if Authy is in use; none otherwise (a test number, another provider).
    const authyId = change.authyId;
    const notice = await this.database.transaction(async (tx) => {
      if (checked.spend && !(await checked.spend(tx))) return null;
      if (!(await this.changes.consume(tx, change))) return null;
      await this.users.changePhone(tx, user.id, change.newPhoneNumber, authyId);
      // Every instance's cached copy of the account still shows the old number.
      await this.sessions.forget(tx, user.id);
      return this.notices.enqueue(
        tx,
        { to: oldPhoneNumber, body: smsTexts(resolveLocale(user.locale)).phoneChanged() },
        user.id,
      );
    });
    if (!notice) return { ok: false, errors: [checkFailures.INVALID_CODE] };
    await this.notices.deliver(notice);
    if (oldAuthyId !== null && oldAuthyId !== authyId) await this.authy.forget(oldAuthyId);
    return { ok: true, user: Object.assign(user, { phoneNumber: change.newPhoneNumber, authyId }) };
  }
}
