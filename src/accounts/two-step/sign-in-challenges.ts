import { createHash, randomBytes } from 'node:crypto';
import { byCaller, type AuditLog } from '../../audit/audit-log';
import type { Database } from '../../db/database';
import type { Tx } from '../../db/handles';
import type { Caller } from '../../shared/caller';
import type { Clock } from '../../shared/clock';
import { failure, UserErrorCode, type Outcome, type UserError } from '../../shared/outcome';
import type { User } from '../../users/user.entity';
import type { VerificationState } from '../../verification/verification-state';
import type { Events } from '../../webhooks/events';
import { checkFailures } from '../code-refusals';
import { refusals, type Proof, type SecondStepCodes } from './second-step-codes';
import { Refused } from './refused';
import type { FirstFactor, SignInChallenge } from './sign-in-challenge.entity';
import type { SignInChallengeStore } from './sign-in-challenge.store';
import type { TwoStep, TwoStepMethod } from './two-step.entity';
import type { TwoStepSms } from './two-step-sms';
import type { TwoStepStore } from './two-step.store';
import { HOUR_MS, triesLeft, type WrongCodeBudget } from './wrong-code-budget';

const LIFETIME_MS = 5 * 60_000;

/** What the person gets instead of a session: the challenge to answer with their second step. */
export interface ChallengeGrant {
  /** 256 random bits, given once; only its SHA-256 is kept. */
  challenge: string;
  /** The account's method; an unused recovery code is always taken too. */
  methods: TwoStepMethod[];
  expiresAt: Date;
}

/** A challenge answered with a right code: what completing it opens, and what to use up. */
export interface AnsweredChallenge {
  challenge: SignInChallenge;
  user: User;
  twoStep: TwoStep;
  proof: Proof;
}

const refusedChallenge = (message: string): UserError => ({
  code: UserErrorCode.CODE_EXPIRED,
  field: 'challenge',
  message,
});
const ended = refusedChallenge('This sign-in was completed or ended already. Sign in again.');
const expired = refusedChallenge('This sign-in waited more than 5 minutes for its second step. Sign in again.');
/** A right code that a concurrent request used first: said as a wrong one, as spentCode() says it. */
const USED_MEANWHILE: Record<Proof['by'], UserError> = {
  totp: refusals.replayed,
  sms: checkFailures.INVALID_CODE,
  'recovery-code': refusals.recovery,
};
const tooManyTries: UserError = {
  code: UserErrorCode.TOO_MANY_ATTEMPTS,
  field: 'code',
  message: 'Too many wrong codes: this sign-in has ended. Sign in again.',
};

export interface SignInChallengesDeps {
  database: Database;
  store: SignInChallengeStore;
  twoSteps: TwoStepStore;
  codes: SecondStepCodes;
  sms: TwoStepSms;
  budget: WrongCodeBudget;
  clock: Clock;
  audit: AuditLog;
  events: Events;
}

/** Sign-ins whose first factor is proved, waiting for the second step: issued, answered, sent a code again. */
export class SignInChallenges {
  constructor(private readonly deps: SignInChallengesDeps) {}

  /**
   * The method a sign-in that began with `firstFactor` must prove, or null when it asks none. An
   * SMS account is not asked after a code sent to its phone (sign-in with a code, a reset): a
   * second code to the same phone would prove nothing more.
   */
  async asked(userId: string, firstFactor: FirstFactor): Promise<TwoStepMethod | null> {
    const twoStep = await this.deps.twoSteps.findOn(this.deps.database.db, userId);
    if (!twoStep) return null;
    return twoStep.method === 'sms' && firstFactor !== 'password' ? null : twoStep.method;
  }

  /**
   * A challenge for `user`, in the transaction that uses up the first factor's code (`prove`),
   * keeping a reset's new password until it is answered. With the SMS method its code goes out
   * now; one that could not is said in `notSent`, beside the challenge, which a recovery code or
   * a code sent again can still answer.
   */
  async issue(
    user: User,
    method: TwoStepMethod,
    firstFactor: FirstFactor,
    caller: Caller,
    first: { prove?: (tx: Tx) => Promise<boolean>; newPasswordHash?: string } = {},
  ): Promise<Outcome<{ twoStep: ChallengeGrant; notSent?: UserError[] }>> {
    const challenge = randomBytes(32).toString('base64url');
    const createdAt = this.deps.clock();
    const expiresAt = new Date(createdAt.getTime() + LIFETIME_MS);
    const row = { tokenHash: hashOf(challenge), userId: user.id, firstFactor, createdAt, expiresAt };
    // Kept past their five minutes for as long as their wrong codes count against the account.
    const prunedBefore = new Date(createdAt.getTime() - HOUR_MS);
    const issued = await this.deps.database.transaction(async (tx) => {
      if (first.prove && !(await first.prove(tx))) return 'code spent';
      const newPasswordHash = first.newPasswordHash ?? null;
      // The user was deleted since the first factor was proved: nothing is written.
      if (!(await this.deps.store.insert(tx, { ...row, newPasswordHash }, prunedBefore))) return 'user gone';
      await this.deps.audit.record(tx, {
        type: 'two_step.challenged',
        userId: user.id,
        ...byCaller(caller),
        outcome: 'success',
        detail: { method, firstFactor },
      });
      return 'issued';
    });
    if (issued === 'code spent') return { ok: false, errors: [checkFailures.INVALID_CODE] };
    if (issued === 'user gone') return failure(UserErrorCode.INVALID_CREDENTIALS, 'That account no longer exists.');
    const twoStep = { challenge, methods: [method], expiresAt };
    if (method === 'totp') return { ok: true, twoStep };
    const sent = await this.deps.sms.send(user, caller);
    return sent.ok ? { ok: true, twoStep } : { ok: true, twoStep, notSent: sent.errors };
  }

  /** The live challenge a token names, with its account's second step, or why there is none. */
  private async live(token: string): Promise<Outcome<{ challenge: SignInChallenge; twoStep: TwoStep }>> {
    const { db } = this.deps.database;
    const challenge = await this.deps.store.find(db, hashOf(token));
    if (!challenge || challenge.endedAt || challenge.attemptsLeft <= 0) return { ok: false, errors: [ended] };
    if (challenge.expiresAt <= this.deps.clock()) return { ok: false, errors: [expired] };
    const twoStep = await this.deps.twoSteps.findOn(db, challenge.user.id);
    return twoStep ? { ok: true, challenge, twoStep } : { ok: false, errors: [ended] };
  }

  /** A challenge and the code typed for it: what it proved, or why not, a wrong code counted against it. */
  async answer(token: string, typed: string, caller: Caller): Promise<Outcome<AnsweredChallenge>> {
    const found = await this.live(token);
    if (!found.ok) return found;
    const { challenge, twoStep } = found;
    const user = challenge.user;
    const limited = await this.deps.budget.limited(user.id);
    if (limited) return limited;
    const checked = await this.deps.codes.check(user, twoStep, typed, caller);
    if (checked.ok) return { ok: true, challenge, user, twoStep, proof: checked.proof };
    if (!checked.wrong) return { ok: false, errors: checked.errors };
    return { ok: false, errors: await this.wrong(challenge, twoStep, checked.errors[0], caller) };
  }

  /**
   * In the transaction that opens the session: the challenge completed and the code used up,
   * or neither when a concurrent request was first.
   */
  async spend(tx: Tx, answered: AnsweredChallenge, caller: Caller): Promise<Outcome<object>> {
    const { challenge, user, twoStep, proof } = answered;
    if (!(await this.deps.store.complete(tx, challenge.id, this.deps.clock()))) return { ok: false, errors: [ended] };
    // The challenge's completion is written: undone with everything else if the code was used meanwhile.
    if (!(await this.deps.codes.spend(tx, user, twoStep, proof, caller))) throw new Refused([USED_MEANWHILE[proof.by]]);
    return { ok: true };
  }

  /** The SMS code again, for a challenge of an SMS account. */
  async resend(token: string, caller: Caller): Promise<Outcome<{ verification: VerificationState }>> {
    const found = await this.live(token);
    if (!found.ok) return found;
    const { challenge, twoStep } = found;
    if (twoStep.method !== 'sms')
      return failure(UserErrorCode.INVALID_INPUT, "This account's second step is not by SMS.", 'challenge');
    const sent = await this.deps.sms.send(challenge.user, caller);
    if (!sent.ok) return sent;
    // The new code's five tries and ten minutes outlast the challenge: what the person has left is the challenge's.
    const codeEnds = sent.verification.expiresAt;
    const expiresAt = codeEnds && codeEnds < challenge.expiresAt ? codeEnds : challenge.expiresAt;
    return { ok: true, verification: { ...sent.verification, attemptsLeft: challenge.attemptsLeft, expiresAt } };
  }

  /** Counts a wrong code, ending the challenge with its last try; records it either way. */
  private async wrong(
    challenge: SignInChallenge,
    twoStep: TwoStep,
    refusal: UserError,
    caller: Caller,
  ): Promise<UserError[]> {
    const userId = challenge.user.id;
    const { method } = twoStep;
    const left = await this.deps.database.transaction(async (tx) => {
      const attemptsLeft = await this.deps.store.countWrong(tx, challenge.id, this.deps.clock());
      if (attemptsLeft === null) return null;
      const by = { userId, ...byCaller(caller) };
      await this.deps.audit.record(tx, {
        type: 'two_step.failed',
        ...by,
        outcome: 'failure',
        detail: { method, attemptsLeft },
      });
      await this.deps.events.emit(tx, {
        type: 'user.two_step_failed',
        data: { id: userId, method, attemptsLeft, ended: attemptsLeft === 0 },
      });
      if (attemptsLeft === 0)
        await this.deps.audit.record(tx, {
          type: 'two_step.ended',
          ...by,
          outcome: 'failure',
          detail: { method, reason: 'too_many_attempts' },
        });
      return attemptsLeft;
    });
    if (left === null) return [ended];
    if (left === 0) return [tooManyTries];
    return [{ ...refusal, message: `${refusal.message} ${triesLeft(left)}.` }];
  }
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
