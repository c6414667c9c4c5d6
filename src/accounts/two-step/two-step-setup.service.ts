import { byCaller, type AuditLog } from '../../audit/audit-log';
import type { Throttle } from '../../abuse/throttle';
import type { Database } from '../../db/database';
import type { Tx } from '../../db/handles';
import type { CurrentSession } from '../../sessions/current-session';
import type { Caller } from '../../shared/caller';
import type { Clock } from '../../shared/clock';
import { failure, notSignedIn, rateLimited, UserErrorCode, type Outcome } from '../../shared/outcome';
import type { User } from '../../users/user.entity';
import type { UserStore } from '../../users/user.store';
import type { VerificationState } from '../../verification/verification-state';
import type { Events } from '../../webhooks/events';
import type { LoginService } from '../login.service';
import { checkFailures } from '../code-refusals';
import { subjectOf, type OneTimeCodes } from '../one-time-codes';
import type { RecoveryCodeStore } from './recovery-code.store';
import type { RecoveryCodes } from './recovery-codes';
import { Refused } from './refused';
import { malformed, refusals, sixDigits, type SecondStepCodes } from './second-step-codes';
import type { SignInChallengeStore } from './sign-in-challenge.store';
import { newTotpSecret, totpStep, totpUri, type TotpSeal } from './totp';
import type { TwoStep, TwoStepMethod } from './two-step.entity';
import type { TwoStepSms } from './two-step-sms';
import type { TwoStepStore } from './two-step.store';
import { triesLeft, type WrongCodeBudget } from './wrong-code-budget';

const alreadyOn = () =>
  failure(
    UserErrorCode.INVALID_INPUT,
    'The second step is on already. Turn it off first to change how it works.',
    'method',
  );
const notOn = () => failure(UserErrorCode.INVALID_INPUT, 'The second step is not on for this account.');
const nothingToConfirm = () =>
  failure(UserErrorCode.CODE_EXPIRED, 'There is no second step waiting to be confirmed. Turn it on first.', 'code');

/** What turning the second step on answers: the app's secret to scan, or where the SMS code stands. */
export type SetUpStarted = { method: TwoStepMethod } & (
  | { totp: { secret: string; uri: string }; verification?: undefined }
  | { totp?: undefined; verification: VerificationState }
);

export interface TwoStepSetupDeps {
  database: Database;
  users: UserStore;
  store: TwoStepStore;
  recovery: RecoveryCodeStore;
  recoveryCodes: RecoveryCodes;
  challenges: SignInChallengeStore;
  budget: WrongCodeBudget;
  seal: TotpSeal;
  sms: TwoStepSms;
  secondStepCodes: SecondStepCodes;
  codes: OneTimeCodes;
  logins: Pick<LoginService, 'confirmPassword'>;
  throttle: Throttle;
  clock: Clock;
  audit: AuditLog;
  events: Events;
}

/**
 * Turning a signed-in account's second step on (the password, then a first code that proves the
 * app or the phone gets them, then ten recovery codes shown once) and off again.
 */
export class TwoStepSetup {
  constructor(private readonly deps: TwoStepSetupDeps) {}

  /** The account's method while its second step is on, or null. */
  async methodOf(userId: string): Promise<TwoStepMethod | null> {
    return (await this.deps.store.findOn(this.deps.database.db, userId))?.method ?? null;
  }

  async enable(
    session: CurrentSession | null,
    input: { password: string; method: TwoStepMethod },
    caller: Caller,
  ): Promise<Outcome<SetUpStarted>> {
    if (!session) return notSignedIn();
    const confirmed = await this.deps.logins.confirmPassword(session, input.password, caller);
    if (!confirmed.ok) return confirmed;
    const { user } = confirmed;
    const { db } = this.deps.database;
    if (await this.deps.store.findOn(db, user.id)) return alreadyOn();
    const { method } = input;
    const secret = method === 'totp' ? newTotpSecret() : null;
    const setUp = {
      userId: user.id,
      method,
      secret: secret && this.deps.seal.seal(user.id, secret),
      createdAt: this.deps.clock(),
    };
    // Turned on meanwhile, or the account deleted (its session with it).
    const started = () => this.deps.store.startSetUp(db, setUp);
    if (secret)
      return (await started()) ? { ok: true, method, totp: { secret, uri: totpUri(secret, user.email) } } : alreadyOn();
    // The code goes out before the set-up replaces one in progress: a refused send (a cooldown) keeps that one.
    const sent = await this.deps.sms.send(user, caller);
    if (!sent.ok) return sent;
    return (await started()) ? { ok: true, method, verification: sent.verification } : alreadyOn();
  }

  /** The first code from the app or the phone turns the second step on, with ten new recovery codes. */
  async confirm(
    session: CurrentSession | null,
    typed: string,
    caller: Caller,
  ): Promise<Outcome<{ user: User; recoveryCodes: string[] }>> {
    if (!session) return notSignedIn();
    const allowed = await this.deps.throttle.verification(caller.ip);
    if (!allowed.ok) return rateLimited(allowed.retryAfterSeconds);
    const { db } = this.deps.database;
    const setUp = await this.deps.store.findSetUp(db, session.user.id);
    const user = setUp && (await this.deps.users.findById(db, session.user.id));
    if (!setUp || !user) return nothingToConfirm();
    const code = sixDigits(typed);
    if (!code) return { ok: false, errors: [malformed(setUp.method, false)] };
    const proved = await this.proved(user, setUp, code, caller);
    if (!proved.ok) return proved;

    const generated = this.deps.recoveryCodes.generate();
    const now = this.deps.clock();
    const { method } = setUp;
    const on = await this.deps.database
      .transaction(async (tx) => {
        if (proved.spend && !(await proved.spend(tx))) throw new Refused([checkFailures.INVALID_CODE]);
        // Replaced by a newer set-up, or confirmed by a concurrent request: this code turns nothing on.
        if (!(await this.deps.store.turnOn(tx, setUp, now, proved.step))) throw new Refused(nothingToConfirm().errors);
        await this.deps.recovery.replace(
          tx,
          user.id,
          generated.map(({ hash }) => hash),
        );
        await this.deps.audit.record(tx, {
          type: 'two_step.enabled',
          userId: user.id,
          ...byCaller(caller),
          outcome: 'success',
          detail: { method },
        });
        await this.deps.events.emit(tx, { type: 'user.two_step_enabled', data: { id: user.id, method } });
        return { ok: true } as const;
      })
      .catch(refusedAsOutcome);
    if (!on.ok) return on;
    return { ok: true, user, recoveryCodes: generated.map(({ code }) => code) };
  }

  /** Whether the set-up's first code is right: its app's at this step, or the SMS code sent for it. */
  private async proved(
    user: User,
    setUp: TwoStep,
    code: string,
    caller: Caller,
  ): Promise<Outcome<{ step: number | null; spend?: (tx: Tx) => Promise<boolean> }>> {
    if (setUp.method === 'sms') {
      const checked = await this.deps.codes.check(subjectOf(user, 'two-step'), code, caller);
      return checked.ok ? { ok: true, step: null, spend: checked.spend } : { ok: false, errors: checked.errors };
    }
    const step = totpStep(this.deps.seal.open(user.id, setUp.secret!), code, this.deps.clock());
    return step === null ? { ok: false, errors: [refusals.totp] } : { ok: true, step };
  }

  /** With the password and a current code (or a recovery code): the secret and the recovery codes go. */
  async disable(
    session: CurrentSession | null,
    input: { password: string; code: string },
    caller: Caller,
  ): Promise<Outcome<{ user: User }>> {
    if (!session) return notSignedIn();
    const confirmed = await this.deps.logins.confirmPassword(session, input.password, caller);
    if (!confirmed.ok) return confirmed;
    const { user } = confirmed;
    const twoStep = await this.deps.store.findOn(this.deps.database.db, user.id);
    if (!twoStep) return notOn();
    const { method } = twoStep;
    // A session and the password still take no more guesses than a sign-in does.
    const limited = await this.deps.budget.limited(user.id);
    if (limited) return limited;
    const checked = await this.deps.secondStepCodes.check(user, twoStep, input.code, caller);
    if (!checked.ok) {
      if (!checked.wrong) return { ok: false, errors: checked.errors };
      const left = await this.deps.database.transaction(async (tx) => {
        await this.deps.audit.record(tx, {
          type: 'two_step.disable_failed',
          userId: user.id,
          ...byCaller(caller),
          outcome: 'failure',
          detail: { method },
        });
        return this.deps.budget.countOutsideChallenge(tx, user.id);
      });
      const [refusal] = checked.errors;
      return { ok: false, errors: [{ ...refusal, message: `${refusal.message} ${triesLeft(left)} this hour.` }] };
    }
    const off = await this.deps.database
      .transaction(async (tx) => {
        if (!(await this.deps.secondStepCodes.spend(tx, user, twoStep, checked.proof, caller)))
          throw new Refused([checkFailures.INVALID_CODE]);
        if (!(await this.deps.store.remove(tx, user.id))) throw new Refused(notOn().errors);
        await this.deps.recovery.removeAll(tx, user.id);
        // A sign-in waiting for the second step would otherwise wait for one the account no longer has.
        await this.deps.challenges.endAllOf(tx, user.id, this.deps.clock());
        await this.deps.audit.record(tx, {
          type: 'two_step.disabled',
          userId: user.id,
          ...byCaller(caller),
          outcome: 'success',
          detail: { method },
        });
        await this.deps.events.emit(tx, { type: 'user.two_step_disabled', data: { id: user.id, method } });
        return { ok: true } as const;
      })
      .catch(refusedAsOutcome);
    return off.ok ? { ok: true, user } : off;
  }

  /** An SMS code for disableTwoStep, to the signed-in account's phone when its method is SMS. */
  async sendCode(
    session: CurrentSession | null,
    caller: Caller,
  ): Promise<Outcome<{ verification: VerificationState }>> {
    if (!session) return notSignedIn();
    const { db } = this.deps.database;
    const twoStep = await this.deps.store.findOn(db, session.user.id);
    if (twoStep?.method !== 'sms')
      return failure(UserErrorCode.INVALID_INPUT, "This account's second step is not by SMS.");
    const user = await this.deps.users.findById(db, session.user.id);
    return user ? this.deps.sms.send(user, caller) : notSignedIn();
  }
}

function refusedAsOutcome(error: unknown): { ok: false; errors: Refused['errors'] } {
  if (error instanceof Refused) return { ok: false, errors: error.errors };
  throw error;
}
