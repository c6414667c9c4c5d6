import type { AuditLog } from '../audit/audit-log';
import type { FraudGuard } from '../abuse/fraud-guard/fraud-guard';
import type { GuardDecision, GuardReason, GuardVerdict, SendTicket } from '../abuse/fraud-guard/verdict';
import type { LimitSetting } from '../abuse/limits';
import type { PhoneBudget, Throttle } from '../abuse/throttle';
import type { Database } from '../db/database';
import { rateLimited, type UserError } from '../shared/outcome';
import type { CodeChannel } from '../sms/channels';
import type { UserStore } from '../users/user.store';
import type { CodePurpose } from '../verification/verification-provider';
import { guardRefusals } from './code-refusals';

/**
 * A code cleared to go out: counted against the phone's limits and by the SMS guard. Only
 * SendPermits.reserve() makes one and OneTimeCodes.start() needs one, so no code goes out unjudged.
 */
export interface SendPermit {
  readonly phone: string;
  readonly budget: PhoneBudget;
  /** The channel the guard judged and priced: the code goes by it and no other. */
  readonly channel: CodeChannel;
  /** What the guard counted, to take back if the code does not go out; none when it counted nothing. */
  readonly ticket?: SendTicket;
}

/** A code someone asks to have sent, and their answer to a challenge if they solved one. */
export interface CodeSendRequest {
  /** E.164. */
  phone: string;
  purpose: CodePurpose;
  /** The deployment's default channel unless named. */
  channel?: CodeChannel;
  /** The client asking; absent for a code the poll takes up once its request's process is gone. */
  ip?: string;
  captcha?: string | null;
}

/** Why a code was held back, for the log; the client hears only the errors, never which budget. */
export type HeldBack =
  | { by: 'limit'; limit: LimitSetting; budget: PhoneBudget; reopensAt: Date }
  | { by: 'guard'; decision: GuardDecision; reason: GuardReason };

export type Reservation = { ok: true; permit: SendPermit } | { ok: false; errors: UserError[]; held: HeldBack };

export interface SendPermitsDeps {
  database: Database;
  users: UserStore;
  throttle: Throttle;
  guard: FraudGuard;
  audit: AuditLog;
  /** The channel codes go by when a flow names none: SMS, or Twilio Verify's VERIFY_CHANNEL. */
  channel: CodeChannel;
}

/** Codes that go only to a verified account's own number, at its owner's request. */
const TO_VERIFIED_OWNER: ReadonlySet<CodePurpose> = new Set(['password-reset', 'sign-in', 'two-step']);

/**
 * Which of the phone's budgets a code of `purpose` spends: a reset or sign-in code goes to a
 * verified account's own number in its owner's name, and throwaway signups with that number must
 * not be able to spend what it needs; a second step's code is asked for only with the password or
 * a session, and what strangers can ask for must not spend it (PhoneBudget). Signup and
 * change-of-number codes go to numbers nobody has proved yet.
 */
export function budgetOf(purpose: CodePurpose): PhoneBudget {
  if (purpose === 'two-step') return 'second-step';
  return TO_VERIFIED_OWNER.has(purpose) ? 'verified-owner' : 'unverified';
}

/**
 * The one gate every code passes before it is sent, whatever the flow and the provider: the
 * phone's limits, then the SMS guard (docs/FRAUD.md). A code held back is counted nowhere.
 */
export class SendPermits {
  constructor(private readonly deps: SendPermitsDeps) {}

  async reserve(request: CodeSendRequest): Promise<Reservation> {
    const { throttle } = this.deps;
    const budget = budgetOf(request.purpose);
    const limits = await throttle.codeToPhone(request.phone, budget);
    if (!limits.ok) {
      const held = { by: 'limit', limit: limits.refusedBy, budget, reopensAt: limits.reopensAt } as const;
      return { ok: false, errors: rateLimited(limits.retryAfterSeconds).errors, held };
    }
    const channel = request.channel ?? this.deps.channel;
    const verdict = await this.judge(request, channel).catch(async (error: unknown) => {
      await throttle.codeNotSent(request.phone, budget);
      throw error;
    });
    if (verdict.send) return { ok: true, permit: { phone: request.phone, budget, channel, ticket: verdict.ticket } };
    // Nothing went out, so nothing stays counted: a retry with a solved challenge is no cooldown's.
    await throttle.codeNotSent(request.phone, budget);
    const { decision, reason } = verdict;
    // No account yet for most codes, and the number stays out: what was refused, how and why.
    const detail = { purpose: request.purpose, channel, decision, reason };
    const origin = { userId: null, actor: 'system', ip: request.ip ?? null } as const;
    await this.deps.audit.recordNow({ type: 'code.blocked', ...origin, outcome: 'failure', detail });
    return { ok: false, errors: [refusalOf(verdict, request.captcha)], held: { by: 'guard', decision, reason } };
  }

  /** Gives back what reserve() counted, for a code that did not go out after all. */
  async release(permit: SendPermit): Promise<void> {
    await this.deps.throttle.codeNotSent(permit.phone, permit.budget);
    if (permit.ticket) await this.deps.guard.notSent(permit.ticket);
  }

  /**
   * A reset, sign-in or second-step code goes to a verified account's own number; any other code
   * goes to a number verified before if an account proved it, looked up only when a budget would
   * hold the code back.
   */
  private judge(request: CodeSendRequest, channel: CodeChannel): Promise<GuardVerdict> {
    const { guard, users, database } = this.deps;
    const verifiedBefore =
      TO_VERIFIED_OWNER.has(request.purpose) || (() => users.phoneVerified(database.db, request.phone));
    return guard.check({
      phone: request.phone,
      channel,
      ip: request.ip,
      verifiedBefore,
      captcha: request.captcha || undefined,
    });
  }
}

function refusalOf(verdict: GuardVerdict, captcha: string | null | undefined): UserError {
  if (verdict.decision !== 'challenged') return guardRefusals.blocked;
  return captcha ? guardRefusals.challengeFailed : guardRefusals.challengeMissing;
}
