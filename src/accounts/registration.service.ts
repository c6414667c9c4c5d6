import { userData, type Events } from '../webhooks/events';
import { byCaller, type AuditLog } from '../audit/audit-log';
import type { Throttle } from '../abuse/throttle';
import type { Database } from '../db/database';
import type { SessionGrant, SessionService } from '../sessions/session.service';
import type { Caller } from '../shared/caller';
import type { BackgroundWork } from '../shared/background-work';
import type { CodeByEmail, CodeRequests, RequestLimits } from './code-requests';
import type { Clock } from '../shared/clock';
import type { SmsQueue } from '../sms/queue/sms-queue';
import { resolveLocale, smsTexts } from '../sms/texts';
import type { CodeChannel } from '../sms/channels';
import type { VerificationState } from '../verification/verification-state';
import type { PasswordHasher } from '../users/password';
import { spentCode, subjectOf, type OneTimeCodes } from './one-time-codes';
import type { CodeSendRequest } from './send-permits';
import type { PhonePolicy } from './phone-policy';
import {
  validateRegistration,
  validateVerifyEmail,
  type RegistrationInput,
  type ValidRegistration,
} from './registration.validation';
import { startFailures } from './code-refusals';
import { failure, rateLimited, UserErrorCode, type Outcome } from '../shared/outcome';
import { User } from '../users/user.entity';
import type { UserStore } from '../users/user.store';

export interface RegistrationServiceDeps {
  database: Database;
  users: UserStore;
  messages: SmsQueue;
  sessions: SessionService;
  throttle: Throttle;
  passwords: PasswordHasher;
  codes: OneTimeCodes;
  phones: PhonePolicy;
  background: BackgroundWork;
  requests: CodeRequests;
  clock: Clock;
  audit: AuditLog;
  events: Events;
}

/** The tutorial's flow: sign up unverified, prove the phone with a code, get signed in. */
export class RegistrationService {
  constructor(private readonly deps: RegistrationServiceDeps) {}

  async register(
    input: RegistrationInput & { channel?: CodeChannel | null },
    caller: Caller,
  ): Promise<Outcome<{ user: User; verification: VerificationState }>> {
    const allowed = await this.deps.throttle.registration(caller.ip);
    if (!allowed.ok) return rateLimited(allowed.retryAfterSeconds);
    const refused = this.deps.codes.channelRefusal(input.channel);
    const { errors, value } = validateRegistration(input, this.deps.phones);
    if (refused) return { ok: false, errors: [...errors, refused] };
    if (!value) return { ok: false, errors };
    const { db } = this.deps.database;
    const existing = await this.deps.users.findByEmailWithPassword(db, value.email);
    if (existing) return this.retried(existing, value, caller, input);
    // Before anything is stored or hashed: a code held back leaves no account behind.
    const reserved = await this.deps.codes.reserve(sendRequest(value.phoneNumber, caller, input));
    if (!reserved.ok) return { ok: false, errors: reserved.errors };
    const { permit } = reserved;

    const user = await this.stored(value, input.locale, caller).catch(async (error: unknown) => {
      await this.deps.codes.release(permit);
      throw error;
    });
    // Null when a concurrent signup for the same email won: the unique index decides.
    if (!user) {
      await this.deps.codes.release(permit);
      return emailTaken();
    }

    const started = await this.deps.codes.start(subjectOf(user, 'signup'), permit).catch(async (error: unknown) => {
      await this.forget(user);
      throw error;
    });
    if (!started.ok) {
      await this.forget(user);
      return { ok: false, errors: [startFailures[started.reason]] };
    }
    return this.codeSent(user, started);
  }

  /** The new account, unverified; null when the email was taken meanwhile. */
  private async stored(
    value: ValidRegistration,
    locale: string | null | undefined,
    caller: Caller,
  ): Promise<User | null> {
    const user = Object.assign(new User(), {
      name: value.name,
      email: value.email,
      phoneNumber: value.phoneNumber,
      passwordHash: await this.deps.passwords.hash(value.password),
      locale: resolveLocale(locale),
      createdAt: this.deps.clock(),
    });
    return this.deps.database.transaction(async (tx) => {
      if (!(await this.deps.users.insert(tx, user))) return null;
      await this.deps.events.emit(tx, { type: 'user.registered', data: userData(user) });
      await this.deps.audit.record(tx, {
        type: 'user.registered',
        userId: user.id,
        ...byCaller(caller),
        outcome: 'success',
      });
      return user;
    });
  }

  /**
   * The same signup again, for an account still unverified: the same email, phone and password.
   * A signup is two steps that cannot share a transaction (the account, then the provider's
   * code), so a process that stops between them leaves an account whose code never went out;
   * its retry sends one, as resendCode would, instead of EMAIL_TAKEN. Anything else is taken.
   */
  private async retried(
    user: User,
    value: { phoneNumber: string; password: string },
    caller: Caller,
    asked: CodeAsked,
  ): Promise<Outcome<{ user: User; verification: VerificationState }>> {
    if (user.verified || user.phoneNumber !== value.phoneNumber) return emailTaken();
    if (!(await this.deps.passwords.verify(user.passwordHash, value.password))) return emailTaken();
    const reserved = await this.deps.codes.reserve(sendRequest(user.phoneNumber, caller, asked));
    if (!reserved.ok) return { ok: false, errors: reserved.errors };
    // The account was there before this request: a code that does not go out leaves it as it was.
    const started = await this.deps.codes.start(subjectOf(user, 'signup'), reserved.permit);
    if (!started.ok) return { ok: false, errors: [startFailures[started.reason]] };
    return this.codeSent(user, started);
  }

  private async codeSent(
    user: User,
    started: { code?: { expiresAt: Date; attemptsLeft: number } },
  ): Promise<Outcome<{ user: User; verification: VerificationState }>> {
    return {
      ok: true,
      user,
      verification: {
        expiresAt: started.code?.expiresAt ?? null,
        attemptsLeft: started.code?.attemptsLeft ?? null,
        resendAvailableAt: await this.nextResend(user),
      },
    };
  }

  /**
   * A new signup code for the account of an email, answered alike for every email, known or not
   * (CodeRequests.ask), under the email's own resend limits.
   */
  resendCode(
    input: CodeByEmail,
    caller: Caller,
  ): Promise<Outcome<{ verification: VerificationState }, { verification: VerificationState }>> {
    return this.deps.requests.ask(input, 'signup', this.resendLimits, caller);
  }

  private readonly resendLimits: RequestLimits = {
    hit: (ip, email) => this.deps.throttle.resendRequest(ip, email),
    next: (email) => this.deps.throttle.nextResendRequest(email),
  };

  async verify(
    input: { email: string; code: string },
    caller: Caller,
  ): Promise<Outcome<{ user: User; session: SessionGrant }, { verification: VerificationState }>> {
    const { email, errors } = validateVerifyEmail(input.email);
    if (errors.length > 0) return { ok: false, errors };
    const admitted = await this.deps.codes.admit(input.code, caller);
    if (!admitted.ok) return admitted;
    const user = await this.deps.users.findByEmail(this.deps.database.db, email);
    if (!user) return userNotFound();
    if (user.verified) return alreadyVerified();

    const checked = await this.deps.codes.check(subjectOf(user, 'signup'), admitted.code, caller);
    if (!checked.ok) {
      await this.deps.audit.recordNow({
        type: 'user.verify_failed',
        userId: user.id,
        ...byCaller(caller),
        outcome: 'failure',
      });
      const { errors, state } = checked;
      if (!state) return { ok: false, errors };
      return { ok: false, errors, verification: { ...state, resendAvailableAt: await this.nextResend(user) } };
    }

    const verified = await this.deps.database.transaction(async (tx) => {
      // A concurrent check with the same code spent it first.
      if (checked.spend && !(await checked.spend(tx))) return 'spent';
      // Two winning checks cannot both sign in or both send the confirmation.
      if (!(await this.deps.users.markVerified(tx, user.id))) return 'verified already';
      await this.deps.events.emit(tx, { type: 'user.verified', data: userData(user) });
      await this.deps.audit.record(tx, {
        type: 'user.verified',
        userId: user.id,
        ...byCaller(caller),
        outcome: 'success',
      });
      const confirmation = await this.deps.messages.enqueue(
        tx,
        { to: user.phoneNumber, body: smsTexts(resolveLocale(user.locale)).signupComplete() },
        user.id,
      );
      const how = { userAgent: caller.userAgent, signedInWith: 'signup', secondStep: null } as const;
      return { session: await this.deps.sessions.open(tx, user, how), confirmation };
    });
    if (verified === 'spent') return spentCode();
    if (verified === 'verified already') return alreadyVerified();
    user.verified = true;
    // First try now; if it fails, the queue retries. Either way the account stays verified.
    await this.deps.messages.deliver(verified.confirmation);
    return { ok: true, user, session: verified.session };
  }

  /** When resendCode will send this person a code again: both the email's request limits and the phone's. */
  private async nextResend(user: User): Promise<Date> {
    const [email, phone] = await Promise.all([
      this.deps.throttle.nextResendRequest(user.email),
      this.deps.throttle.nextCodeToPhone(user.phoneNumber),
    ]);
    return email > phone ? email : phone;
  }

  /** A signup whose code could not go out is not kept, so the email stays free for a retry. */
  private async forget(user: User): Promise<void> {
    await this.deps.users.delete(this.deps.database.db, user.id);
  }
}

/** What a signup asks of its code: the channel it names, and its answer to a challenge. */
type CodeAsked = { captcha?: string | null; channel?: CodeChannel | null };

const sendRequest = (phone: string, caller: Caller, asked: CodeAsked): CodeSendRequest => ({
  phone,
  purpose: 'signup',
  channel: asked.channel ?? undefined,
  ip: caller.ip,
  captcha: asked.captcha,
});

const emailTaken = () => failure(UserErrorCode.EMAIL_TAKEN, 'An account with this email already exists.', 'email');
const userNotFound = () => failure(UserErrorCode.USER_NOT_FOUND, 'No account with this email.', 'email');
const alreadyVerified = () =>
  failure(UserErrorCode.ALREADY_VERIFIED, 'This account is already verified. Sign in instead.');
