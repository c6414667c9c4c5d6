import type { Database } from '../../db/database';
import type { Tx } from '../../db/handles';
import type { Metrics } from '../../metrics/metrics';
import { describeError } from '../../shared/describe-error';
import { maskPhone } from '../../shared/mask-phone';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { PeriodicTask } from '../../shared/periodic-task';
import type { SmsBudget } from '../../abuse/sms-budget';
import { SmsDeliveryError, type SmsTransport, type TextMessage } from '../sms-transport';
import type { ClaimedSms, Outcome, PendingSms, SmsQueueStore } from './sms-queue.store';

/** Messages one sweep sends at most; the next poll takes the rest. */
const SWEEP_MAX = 100;

export interface RetryPolicy {
  /** The wait after the first failure; it doubles with each further failure, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A message still not sent this long after it was queued is given up. */
  giveUpAfterMs: number;
  /** How long a claimed message stays invisible to other workers: longer than one send can take. */
  leaseMs: number;
}

export interface SmsQueueDeps {
  database: Database;
  store: SmsQueueStore;
  transport: SmsTransport;
  budget: SmsBudget;
  clock: Clock;
  log: Logger;
  policy: RetryPolicy;
  metrics: Pick<Metrics, 'smsGivenUp'>;
}

/**
 * Durable delivery, at least once: enqueue inside a transaction, deliver after commit, retry with
 * capped backoff through outages of up to giveUpAfterMs. Each attempt is on record before its send
 * starts; a process that dies during a send leaves the attempt without an outcome, and the message
 * is tried again once the lease ends, so it may reach the phone twice.
 */
export class SmsQueue {
  private readonly sweeper = new PeriodicTask('sms queue', () => this.sweepMessages(), this.deps.log);

  constructor(private readonly deps: SmsQueueDeps) {}

  /**
   * Inserts in the caller's transaction, so the message commits or rolls back with what it
   * announces; it belongs to `userId`'s account and goes with it if the account is deleted.
   */
  enqueue(tx: Tx, message: TextMessage, userId: string): Promise<PendingSms> {
    return this.deps.store.enqueue(tx, message, userId, this.deps.clock());
  }

  /**
   * One attempt at a message just queued, if no other worker claimed it. Never throws: what it
   * announces has committed, and whatever goes wrong here, the sweeper tries again.
   */
  async deliver(message: PendingSms): Promise<void> {
    try {
      const now = this.deps.clock();
      const claimed = await this.deps.database.transaction((tx) =>
        this.deps.store.claim(tx, message, now, this.leaseEnd(now)),
      );
      if (claimed) await this.attempt(claimed);
    } catch (error) {
      this.deps.log.error(
        { err: error, smsId: message.id },
        'first delivery attempt of a queued SMS failed; the queue will retry it',
      );
    }
  }

  /** Attempts every message that is due; overlapping calls share one sweep. */
  async deliverDue(): Promise<void> {
    await this.sweeper.run();
  }

  /** Picks up what is pending now (say, from before a restart) and then keeps polling. */
  start(pollMs: number): void {
    this.sweeper.start(pollMs);
  }

  stop(): Promise<void> {
    return this.sweeper.stop();
  }

  /** Gives up what is too old, then claims one due message at a time, so none waits out its lease behind the sends before it. */
  private async sweepMessages(): Promise<void> {
    const now = this.deps.clock();
    const givenUp = await this.deps.store.giveUpQueuedBefore(
      this.deps.database.db,
      new Date(now.getTime() - this.deps.policy.giveUpAfterMs),
      now,
    );
    if (givenUp > 0) {
      this.deps.log.error({ count: givenUp }, 'queued SMS given up: older than SMS_GIVE_UP_AFTER_HOURS');
      this.deps.metrics.smsGivenUp(givenUp);
    }
    for (let i = 0; i < SWEEP_MAX; i++) {
      const claimedAt = this.deps.clock();
      const message = await this.deps.database.transaction((tx) =>
        this.deps.store.claimDue(tx, claimedAt, this.leaseEnd(claimedAt)),
      );
      if (!message || !(await this.attempt(message))) return;
    }
  }

  private leaseEnd(now: Date): Date {
    return new Date(now.getTime() + this.deps.policy.leaseMs);
  }

  /**
   * Sends a claimed message and records the outcome. Every message counts against the global SMS
   * cap; while it is spent the message is released untried, and false says to stop for this poll.
   */
  private async attempt(message: ClaimedSms): Promise<boolean> {
    const budget = await this.deps.budget.take(message.to);
    if (!budget.ok) {
      // The refused take was counted too: given back, so the window's count stays what was sent.
      await this.deps.budget.giveBack(message.to);
      const retryAt = new Date(this.deps.clock().getTime() + budget.retryAfterSeconds * 1000);
      this.deps.log.warn({ smsId: message.id, retryAt }, 'queued SMS held back by RATE_LIMIT_SMS_GLOBAL');
      await this.deps.database.transaction((tx) => this.deps.store.release(tx, message, retryAt));
      return false;
    }
    let error: unknown = null;
    let providerSid: string | null = null;
    try {
      providerSid = (await this.deps.transport.send({ to: message.to, body: message.body }))?.providerSid ?? null;
    } catch (caught) {
      error = caught;
      await this.deps.budget.giveBack(message.to);
    }
    const update = this.outcome(message, error, this.deps.clock());
    const recorded = await this.deps.database.transaction((tx) =>
      this.deps.store.finish(tx, message, update, {
        delivered: !error,
        error: error ? describeError(error) : null,
        providerSid,
      }),
    );
    if (!recorded)
      this.deps.log.warn(
        { smsId: message.id },
        'a queued SMS send outlived its lease; the newer attempt decides its outcome',
      );
    return true;
  }

  private outcome(message: ClaimedSms, error: unknown, now: Date): Outcome {
    const context = { smsId: message.id, to: maskPhone(message.to), attempt: message.attempts };
    if (!error) {
      this.deps.log.info(context, 'queued SMS delivered');
      return { status: 'sent', sentAt: now, lastError: null };
    }
    const permanent = error instanceof SmsDeliveryError && error.kind === 'invalid-number';
    if (permanent || now.getTime() - message.createdAt.getTime() >= this.deps.policy.giveUpAfterMs) {
      this.deps.log.error({ ...context, err: error, queuedAt: message.createdAt }, 'queued SMS given up');
      this.deps.metrics.smsGivenUp(1);
      return { status: 'failed', lastError: describeError(error) };
    }
    const delay = Math.min(this.deps.policy.baseDelayMs * 2 ** (message.attempts - 1), this.deps.policy.maxDelayMs);
    const nextAttemptAt = new Date(now.getTime() + delay);
    this.deps.log.warn({ ...context, err: error, retryAt: nextAttemptAt }, 'queued SMS failed; will retry');
    return { lastError: describeError(error), nextAttemptAt };
  }
}
