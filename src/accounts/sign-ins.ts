import { userData, type Events } from '../webhooks/events';
import { byCaller, type AuditLog } from '../audit/audit-log';
import type { Database } from '../db/database';
import type { Tx } from '../db/handles';
import type { Caller } from '../shared/caller';
import { failure, UserErrorCode, type Outcome, type UserError } from '../shared/outcome';
import type { SessionGrant, SessionService } from '../sessions/session.service';
import { SessionUserGone } from '../sessions/session.store';
import type { SignedInWith } from '../sessions/sign-in-method';
import type { User } from '../users/user.entity';
import type { VerificationState } from '../verification/verification-state';
import { checkFailures } from './code-refusals';
import type { PasswordResetEffects } from './password-reset-effects';
import { Refused } from './two-step/refused';
import { secondStepOf } from './two-step/second-step-codes';
import type { FirstFactor } from './two-step/sign-in-challenge.entity';
import type { ChallengeGrant, SignInChallenges } from './two-step/sign-in-challenges';

export type { FirstFactor } from './two-step/sign-in-challenge.entity';

/** A sign-in that opened a session. */
export interface SessionOpened {
  user: User;
  session: SessionGrant;
  twoStep?: undefined;
}

/**
 * A sign-in that waits for its second step: no session yet. `notSent` says why the SMS method's
 * code did not go out (a recovery code, or a code sent again, still answers the challenge).
 */
export interface SecondStepAsked {
  user: User;
  session?: undefined;
  twoStep: ChallengeGrant;
  notSent?: UserError[];
}

export type SignedIn = SessionOpened | SecondStepAsked;

/** What came with the first factor, used up or applied only together with what the sign-in opens. */
export interface FirstFactorEffects {
  /** Uses up the first factor's code in that transaction; false when a concurrent request was first. */
  prove?: (tx: Tx) => Promise<boolean>;
  /** A reset's new password, hashed: set, with the reset's other effects, once the sign-in completes. */
  newPasswordHash?: string;
}

export interface SignInsDeps {
  database: Database;
  sessions: SessionService;
  audit: AuditLog;
  events: Events;
  challenges: SignInChallenges;
  resets: PasswordResetEffects;
}

/**
 * Where every way of signing in ends once its first factor is proved: one place that asks for
 * the second step when the account has one, opens the session, records it and tells the webhooks,
 * so a way of signing in added later cannot skip them.
 */
export class SignIns {
  constructor(private readonly deps: SignInsDeps) {}

  async open(
    user: User,
    firstFactor: FirstFactor,
    caller: Caller,
    effects: FirstFactorEffects = {},
  ): Promise<Outcome<SignedIn>> {
    const method = await this.deps.challenges.asked(user.id, firstFactor);
    if (method) {
      const asked = await this.deps.challenges.issue(user, method, firstFactor, caller, effects);
      return asked.ok ? { ...asked, user } : asked;
    }
    const { prove } = effects;
    const proved = prove && (async (tx: Tx) => ((await prove(tx)) ? ok : spent));
    const how = { signedInWith: firstFactor, secondStep: null };
    return this.signIn(user, how, caller, proved, effects.newPasswordHash);
  }

  /** A challenge answered with a right code opens the session its first factor began. */
  async complete(challenge: string, code: string, caller: Caller): Promise<Outcome<SessionOpened>> {
    const answered = await this.deps.challenges.answer(challenge, code, caller);
    if (!answered.ok) return answered;
    const how = { signedInWith: answered.challenge.firstFactor, secondStep: secondStepOf(answered.proof) };
    const prove = (tx: Tx) => this.deps.challenges.spend(tx, answered, caller);
    return this.signIn(answered.user, how, caller, prove, answered.challenge.newPasswordHash ?? undefined);
  }

  /** The SMS code again, for a challenge of an account whose second step is by SMS. */
  resendCode(challenge: string, caller: Caller): Promise<Outcome<{ verification: VerificationState }>> {
    return this.deps.challenges.resend(challenge, caller);
  }

  private async signIn(
    user: User,
    how: SignedInWith,
    caller: Caller,
    prove?: (tx: Tx) => Promise<Outcome<object>>,
    newPasswordHash?: string,
  ): Promise<Outcome<SessionOpened>> {
    try {
      const opened = await this.deps.database.transaction(async (tx) => {
        const proved = prove ? await prove(tx) : ok;
        // Whatever the proof wrote before it found a concurrent request first is undone.
        if (!proved.ok) throw new Refused(proved.errors);
        const notice = newPasswordHash ? await this.deps.resets.apply(tx, user, newPasswordHash, caller) : null;
        const session = await this.deps.sessions.open(tx, user, { ...how, userAgent: caller.userAgent });
        if (!notice) await this.signedIn(tx, user, how, caller);
        return { session, notice };
      });
      if (opened.notice) await this.deps.resets.applied(user, opened.notice);
      return { ok: true, user, session: opened.session };
    } catch (error) {
      if (error instanceof Refused) return { ok: false, errors: error.errors };
      // Deleted since its first factor was checked: there is no such account any more.
      if (error instanceof SessionUserGone)
        return failure(UserErrorCode.INVALID_CREDENTIALS, 'That account no longer exists.');
      throw error;
    }
  }

  private async signedIn(tx: Tx, user: User, how: SignedInWith, caller: Caller): Promise<void> {
    await this.deps.events.emit(tx, { type: 'user.signed_in', data: userData(user) });
    const { signedInWith: method, secondStep } = how;
    await this.deps.audit.record(tx, {
      type: 'login.succeeded',
      userId: user.id,
      ...byCaller(caller),
      outcome: 'success',
      detail: secondStep ? { method, secondStep } : { method },
    });
  }
}

const ok: Outcome<object> = { ok: true };
/** A right code that a concurrent check spent first: said as a wrong one (spentCode()). */
const spent: Outcome<object> = { ok: false, errors: [checkFailures.INVALID_CODE] };
