import { byCaller, type AuditLog } from '../../audit/audit-log';
import type { Throttle } from '../../abuse/throttle';
import type { Database } from '../../db/database';
import type { Tx } from '../../db/handles';
import type { SecondStep } from '../../sessions/sign-in-method';
import type { Caller } from '../../shared/caller';
import type { Clock } from '../../shared/clock';
import { rateLimited, UserErrorCode, type UserError } from '../../shared/outcome';
import type { User } from '../../users/user.entity';
import type { Events } from '../../webhooks/events';
import { subjectOf, type OneTimeCodes } from '../one-time-codes';
import type { RecoveryCodeStore } from './recovery-code.store';
import type { RecoveryCodes } from './recovery-codes';
import { totpStep, type TotpSeal } from './totp';
import type { TwoStep, TwoStepMethod } from './two-step.entity';
import type { TwoStepStore } from './two-step.store';

/** What a right code proved, to be used up with what it opens. */
export type Proof =
  | { by: 'totp'; step: number }
  | { by: 'sms'; spend?: (tx: Tx) => Promise<boolean> }
  | { by: 'recovery-code'; hash: string };

/** A right code, or why not; `wrong` when it counts as a wrong try (not a malformed code or a limit). */
export type CodeCheck = { ok: true; proof: Proof } | { ok: false; errors: UserError[]; wrong: boolean };

export const secondStepOf = (proof: Proof): SecondStep => proof.by;

export const refusals = {
  totp: {
    code: UserErrorCode.INVALID_CODE,
    field: 'code',
    message: 'That code is not right. Enter the one your authenticator app shows now.',
  },
  replayed: {
    code: UserErrorCode.INVALID_CODE,
    field: 'code',
    message: 'That code was used already. Wait for the next one in your authenticator app.',
  },
  recovery: {
    code: UserErrorCode.INVALID_CODE,
    field: 'code',
    message: 'That recovery code is not right, or it was used already.',
  },
} satisfies Record<string, UserError>;

const ASKED_FOR: Record<TwoStepMethod, string> = {
  totp: 'the 6-digit code your authenticator app shows',
  sms: 'the 6-digit code from the text message',
};

/** A code that cannot be one, said as the code the person was asked for (and a recovery code, where one is taken). */
export const malformed = (method: TwoStepMethod, recoveryToo: boolean): UserError => ({
  code: UserErrorCode.INVALID_INPUT,
  field: 'code',
  message: `Enter ${ASKED_FOR[method]}${recoveryToo ? ', or one of your recovery codes' : ''}.`,
});

/** The digits of a 6-digit code, typed as an app shows it ("901 403") or with a dash; null if it is not one. */
export function sixDigits(typed: string): string | null {
  const code = typed.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}

export interface SecondStepCodesDeps {
  database: Database;
  store: TwoStepStore;
  recovery: RecoveryCodeStore;
  recoveryCodes: RecoveryCodes;
  seal: TotpSeal;
  codes: OneTimeCodes;
  throttle: Throttle;
  clock: Clock;
  audit: AuditLog;
  events: Events;
}

/**
 * Checks a code typed for an account's second step, whatever proves it: the code its app shows
 * (±1 step, never a step used already), the SMS code it was sent, or one of its recovery codes.
 */
export class SecondStepCodes {
  constructor(private readonly deps: SecondStepCodesDeps) {}

  /** Whether `typed` proves `twoStep`, using nothing up yet (spend() does, with what it opens). */
  async check(user: User, twoStep: TwoStep, typed: string, caller: Caller): Promise<CodeCheck> {
    const allowed = await this.deps.throttle.verification(caller.ip);
    if (!allowed.ok) return { ...rateLimited(allowed.retryAfterSeconds), wrong: false };
    const { db } = this.deps.database;
    const recovery = this.deps.recoveryCodes.normalize(typed);
    if (recovery) {
      const hash = this.deps.recoveryCodes.hash(recovery);
      if (await this.deps.recovery.isUnused(db, user.id, hash))
        return { ok: true, proof: { by: 'recovery-code', hash } };
      return { ok: false, errors: [refusals.recovery], wrong: true };
    }
    const code = sixDigits(typed);
    if (!code) return { ok: false, errors: [malformed(twoStep.method, true)], wrong: false };
    if (twoStep.method === 'sms') {
      const checked = await this.deps.codes.check(subjectOf(user, 'two-step'), code, caller);
      if (checked.ok) return { ok: true, proof: { by: 'sms', spend: checked.spend } };
      // A refusal of the code itself carries its state; a provider's trouble is no wrong try.
      return { ok: false, errors: checked.errors, wrong: checked.state !== undefined };
    }
    const step = totpStep(this.deps.seal.open(user.id, twoStep.secret!), code, this.deps.clock());
    if (step === null) return { ok: false, errors: [refusals.totp], wrong: true };
    if (twoStep.lastTotpStep !== null && step <= twoStep.lastTotpStep)
      return { ok: false, errors: [refusals.replayed], wrong: true };
    return { ok: true, proof: { by: 'totp', step } };
  }

  /**
   * Uses up what the code proved, in the transaction of what it opens; false when a concurrent
   * request used it first. A recovery code's use is recorded, with how many are left.
   */
  async spend(tx: Tx, user: User, twoStep: TwoStep, proof: Proof, caller: Caller): Promise<boolean> {
    if (proof.by === 'totp') return this.deps.store.useStep(tx, user.id, proof.step);
    if (proof.by === 'sms') return !proof.spend || proof.spend(tx);
    if (!(await this.deps.recovery.spend(tx, user.id, proof.hash, this.deps.clock()))) return false;
    const remaining = await this.deps.recovery.unusedCount(tx, user.id);
    await this.deps.audit.record(tx, {
      type: 'two_step.recovery_code_used',
      userId: user.id,
      ...byCaller(caller),
      outcome: 'success',
      detail: { remaining },
    });
    await this.deps.events.emit(tx, {
      type: 'user.recovery_code_used',
      data: { id: user.id, method: twoStep.method, remaining },
    });
    return true;
  }
}
