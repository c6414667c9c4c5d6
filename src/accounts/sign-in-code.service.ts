import { byCaller, type AuditLog } from '../audit/audit-log';
import type { Throttle } from '../abuse/throttle';
import type { Database } from '../db/database';
import type { Caller } from '../shared/caller';
import { failure, UserErrorCode, type Outcome, type UserError } from '../shared/outcome';
import { normalizeEmail } from '../users/email';
import type { User } from '../users/user.entity';
import type { UserStore } from '../users/user.store';
import type { VerificationState } from '../verification/verification-state';
import type { AccountKey } from './code-request.store';
import { checkFailures } from './code-refusals';
import type { CodeAskedFor, CodeRequests, RequestLimits } from './code-requests';
import { spentCode, subjectOf, type OneTimeCodes } from './one-time-codes';
import { validatePhoneInput } from './phone-input';
import type { PhonePolicy } from './phone-policy';
import type { SignedIn, SignIns } from './sign-ins';

/** An account named by its email, or by its phone number as a signup form takes one: one of the two. */
export interface EmailOrPhone {
  email?: string | null;
  countryCode?: string | null;
  phoneNumber?: string | null;
}

type Answer = { verification: VerificationState };

export interface SignInCodeServiceDeps {
  database: Database;
  users: UserStore;
  codes: OneTimeCodes;
  throttle: Throttle;
  phones: PhonePolicy;
  requests: CodeRequests;
  audit: AuditLog;
  signIns: SignIns;
}

/**
 * Signing in with a code texted to a verified account's phone instead of a password. The code
 * rules are every code's (10 minutes, 5 wrong tries, single use), under a purpose of its own, so
 * a sign-in code opens no signup or reset and their codes open no session.
 */
export class SignInCodeService {
  constructor(private readonly deps: SignInCodeServiceDeps) {}

  /**
   * A sign-in code for the account of an email or number, answered as requestPasswordReset is
   * (CodeRequests.ask) under limits of its own: alike, and as fast, whether such a verified
   * account exists or not, with its lookup and the code after the answer.
   */
  request(input: EmailOrPhone & CodeAskedFor, caller: Caller): Promise<Outcome<Answer, Answer>> {
    const named = accountKeyOf(input, this.deps.phones);
    if (!named.ok) return Promise.resolve(named);
    return this.deps.requests.askFor(named.key, input, 'sign-in', this.limits, caller);
  }

  private readonly limits: RequestLimits = {
    hit: (ip, who) => this.deps.throttle.signInCodeRequest(ip, who),
    next: (who) => this.deps.throttle.nextSignInCodeRequest(who),
  };

  async signIn(input: EmailOrPhone & { code: string }, caller: Caller): Promise<Outcome<SignedIn>> {
    const admitted = await this.deps.codes.admit(input.code, caller);
    if (!admitted.ok) return admitted;
    const named = accountKeyOf(input, this.deps.phones);
    if (!named.ok) return named;
    const { key } = named;

    // Without a recent request no code can be right: answered before the account is looked up or a
    // provider asked, whoever is named. Twilio Verify and Authy keep one code per phone whatever it
    // was for, so this is also what keeps a signup or reset code from signing in with them.
    if (!(await this.deps.throttle.signInCodeRequested(key.email ?? key.phone)))
      return this.refused(null, [checkFailures.CODE_EXPIRED], caller);
    const user = await this.accountOf(key);
    // No code was ever sent there: said as for an account whose code is gone, not as "no such account".
    if (!user) return this.refused(null, [checkFailures.CODE_EXPIRED], caller);
    const checked = await this.deps.codes.check(subjectOf(user, 'sign-in'), admitted.code, caller);
    if (!checked.ok) return this.refused(user.id, checked.errors, caller);
    const { spend } = checked;
    if (spend && !(await this.deps.database.transaction((tx) => spend(tx)))) return spentCode();
    return this.deps.signIns.open(user, 'code', caller);
  }

  private accountOf(key: AccountKey): Promise<User | null> {
    const { db } = this.deps.database;
    return key.phone !== undefined
      ? this.deps.users.findVerifiedByPhone(db, key.phone)
      : this.deps.users.findVerifiedByEmail(db, key.email);
  }

  /** A failed sign-in, recorded as a wrong password is, on the account when one was found. */
  private async refused(userId: string | null, errors: UserError[], caller: Caller): Promise<Outcome<SignedIn>> {
    await this.deps.audit.recordNow({
      type: 'login.failed',
      userId,
      ...byCaller(caller),
      outcome: 'failure',
      detail: { method: 'code' },
    });
    return { ok: false, errors };
  }
}

/**
 * Which account the input names: an email (normalized, any string: an implausible one is simply
 * nobody's), or a number parsed as registerUser parses it. Exactly one of the two.
 */
function accountKeyOf(
  input: EmailOrPhone,
  phones: PhonePolicy,
): { ok: true; key: AccountKey } | { ok: false; errors: UserError[] } {
  const email = input.email?.trim();
  const phoneNumber = input.phoneNumber?.trim();
  const countryCode = input.countryCode?.trim();
  if (email && (phoneNumber || countryCode))
    return failure(UserErrorCode.INVALID_INPUT, 'Enter the email or the phone number, not both.', 'email');
  if (email) return { ok: true, key: { email: normalizeEmail(email) } };
  if (!phoneNumber)
    return countryCode
      ? failure(UserErrorCode.INVALID_INPUT, 'Enter the phone number that goes with the country code.', 'phoneNumber')
      : failure(UserErrorCode.INVALID_INPUT, "Enter the account's email or its phone number.", 'email');
  const parsed = validatePhoneInput({ countryCode, phoneNumber }, phones);
  if (parsed.phoneNumber === undefined) return { ok: false, errors: parsed.errors };
  return { ok: true, key: { phone: parsed.phoneNumber } };
}
