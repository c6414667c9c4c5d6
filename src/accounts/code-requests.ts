import type { LimitResult } from '../abuse/rate-limiter';
import type { Database } from '../db/database';
import type { BackgroundWork } from '../shared/background-work';
import type { Caller } from '../shared/caller';
import type { Clock } from '../shared/clock';
import { rateLimited, type Outcome } from '../shared/outcome';
import type { CodeChannel } from '../sms/channels';
import { isPlausibleEmail, normalizeEmail } from '../users/email';
import type { VerificationState } from '../verification/verification-state';
import type { Logger } from '../shared/logger';
import { PeriodicTask } from '../shared/periodic-task';
import type { User } from '../users/user.entity';
import type { UserStore } from '../users/user.store';
import { LOCAL_CODE_POLICY } from '../verification/local/local.provider';
import type { RequestedCode } from './code-request.entity';
import type { AccountKey, CodeAsked, CodeRequestStore, PendingCodeRequest } from './code-request.store';
import type { OneTimeCodes } from './one-time-codes';

/** Who asked for a code, while their request is in hand: never on record. */
export interface CodeAsker {
  ip?: string;
  captcha?: string | null;
}

/**
 * How one flow's requests are limited: each counted, and when the next is taken. `who` is the
 * normalized email asked by, or the E.164 number for a code asked for by phone.
 */
export interface RequestLimits {
  hit(ip: string, who: string): Promise<LimitResult>;
  next(who: string): Promise<Date>;
}

/** What a request asks of its code: the channel it names, and its answer to a challenge. */
export interface CodeAskedFor {
  captcha?: string | null;
  channel?: CodeChannel | null;
}

/** A request for a code to the account of an email, as resendCode and requestPasswordReset take it. */
export interface CodeByEmail extends CodeAskedFor {
  email: string;
}

type Answer = { verification: VerificationState };

/** Requests one sweep takes up at most; the next poll takes the rest. */
const SWEEP_MAX = 100;

export interface CodeRequestsDeps {
  database: Database;
  store: CodeRequestStore;
  users: UserStore;
  codes: OneTimeCodes;
  background: BackgroundWork;
  clock: Clock;
  log: Logger;
  /** How long a claimed request stays hidden from other workers: longer than one send can take. */
  leaseMs: number;
}

/**
 * The codes resendCode, requestPasswordReset and requestSignInCode promised: on record before the
 * answer, sent after it, at least once. The request's process sends it at once; if it stops first
 * (or the send throws), a poll takes it up once its lease ends, on any instance. A request older
 * than a code's lifetime is dropped, logged.
 */
export class CodeRequests {
  private readonly poll = new PeriodicTask('code requests', () => this.sweep(), this.deps.log);

  constructor(private readonly deps: CodeRequestsDeps) {}

  /** Takes up now what is due (say, from before a restart), then keeps polling. */
  start(pollMs: number): void {
    this.poll.start(pollMs);
  }

  stop(): Promise<void> {
    return this.poll.stop();
  }

  /** Sends every request that is due now, after a poll in flight. */
  async deliverDue(): Promise<void> {
    await this.poll.run();
  }

  /**
   * Answers alike, and as fast, for unknown, unverified and verified emails, so it cannot be used
   * to find accounts: a channel not offered is refused and the email's own limits counted before
   * anything is looked up; the request is put on record (durably, for any plausible email), the
   * answer goes out, and only then is the account looked up and the code sent, in the background,
   * where the SMS guard judges it with this client and its answer to a challenge, if any. The
   * answer's state holds only when the email's next request will be taken: the same for every email.
   */
  ask(
    input: CodeByEmail,
    purpose: RequestedCode,
    limits: RequestLimits,
    caller: Caller,
  ): Promise<Outcome<Answer, Answer>> {
    return this.askFor({ email: normalizeEmail(input.email) }, input, purpose, limits, caller);
  }

  /**
   * As ask(), for the account of a normalized email or of an E.164 number (a sign-in code may be
   * asked for by phone, once the number has parsed as a signup's would): answered alike for every
   * one, and put on record for any plausible email and any number.
   */
  async askFor(
    to: AccountKey,
    asked: CodeAskedFor,
    purpose: RequestedCode,
    limits: RequestLimits,
    caller: Caller,
  ): Promise<Outcome<Answer, Answer>> {
    const refused = this.deps.codes.channelRefusal(asked.channel);
    if (refused) return { ok: false, errors: [refused] };
    const who = to.email ?? to.phone;
    const allowed = await limits.hit(caller.ip, who);
    if (!allowed.ok) {
      const again = new Date(this.deps.clock().getTime() + allowed.retryAfterSeconds * 1000);
      return { ...rateLimited(allowed.retryAfterSeconds), verification: onlyWhenAgain(again) };
    }
    // Read before the background lookup starts, which would otherwise run in between.
    const verification = onlyWhenAgain(await limits.next(who));
    if (to.phone !== undefined || isPlausibleEmail(to.email)) {
      const recorded = await this.record(to, { purpose, channel: asked.channel ?? undefined });
      const asker = { ip: caller.ip, captcha: asked.captcha };
      this.deps.background.start(() => this.send(recorded, asker));
    }
    return { ok: true, verification };
  }

  /** Written for every plausible email (or number) alike, known or not: the answer's time tells nothing. */
  record(to: AccountKey, asked: CodeAsked): Promise<PendingCodeRequest> {
    const now = this.deps.clock();
    return this.deps.store.add(this.deps.database.db, to, asked, now, this.leaseEnd(now));
  }

  /**
   * The first try, from the request that recorded it (and holds it), judged by the SMS guard with
   * the asking client and its challenge answer; a poll's retry has neither. Never throws: the poll
   * tries again.
   */
  async send(request: PendingCodeRequest, asker: CodeAsker = {}): Promise<void> {
    try {
      await this.process(request, asker);
    } catch (error) {
      this.deps.log.error(
        { err: error, purpose: request.purpose },
        'sending a requested code failed; the poll retries it',
      );
    }
  }

  /** What is due: requests whose process stopped, or whose send failed, before they were done. */
  private async sweep(): Promise<void> {
    const now = this.deps.clock();
    const dropped = await this.deps.store.dropBefore(
      this.deps.database.db,
      new Date(now.getTime() - LOCAL_CODE_POLICY.lifetimeMs),
      now,
    );
    if (dropped > 0) this.deps.log.error({ count: dropped }, 'requested codes given up: not sent within 10 minutes');
    for (let i = 0; i < SWEEP_MAX; i++) {
      const claimedAt = this.deps.clock();
      const request = await this.deps.store.claimDue(this.deps.database.db, claimedAt, this.leaseEnd(claimedAt));
      if (!request) return;
      await this.process(request);
    }
  }

  /** Sends the code, if there is an account to send it to, then removes the request. */
  private async process(request: PendingCodeRequest, asker: CodeAsker = {}): Promise<void> {
    const { db } = this.deps.database;
    const user = await this.accountOf(request);
    const channel = request.channel ?? undefined;
    if (user) await this.deps.codes.sendToStoredNumber(user, request.purpose, asker, channel);
    await this.deps.store.done(db, request.id);
  }

  /** A signup's code goes to an unverified account; every other code, to a verified one only. */
  private accountOf({ email, phone, purpose }: PendingCodeRequest): Promise<User | null> {
    const { db } = this.deps.database;
    const { users } = this.deps;
    if (phone) return users.findVerifiedByPhone(db, phone);
    if (!email) return Promise.resolve(null);
    return purpose === 'signup' ? users.findUnverifiedByEmail(db, email) : users.findVerifiedByEmail(db, email);
  }

  private leaseEnd(now: Date): Date {
    return new Date(now.getTime() + this.deps.leaseMs);
  }
}

/** What a request for a code may say to anyone: when the next one will be taken, nothing of the account. */
function onlyWhenAgain(resendAvailableAt: Date): VerificationState {
  return { expiresAt: null, attemptsLeft: null, resendAvailableAt };
}
