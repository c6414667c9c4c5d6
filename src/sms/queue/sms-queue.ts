import type { Db, Tx } from '../../db/handles';
import { maskPhone } from '../../shared/mask-phone';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { PeriodicTask } from '../../shared/periodic-task';
import type { SmsBudget } from '../sms-budget';
import { SmsDeliveryError, type SmsMessage, type SmsTransport } from '../sms-transport';
import type { QueuedSms } from './queued-sms.entity';
import type { ClaimedSms, PendingSms, SmsQueueStore } from './sms-queue.store';

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

/**
 * Durable delivery, at least once: enqueue inside a transaction, deliver after commit, retry with
 * capped backoff through outages of up to giveUpAfterMs. Each attempt is on record before its send
 * starts; a process that dies during a send leaves the attempt without an outcome, and the message
 * is tried again once the lease ends, so it may reach the phone twice.
 */
export class SmsQueue {
  private readonly sweeper = new PeriodicTask('sms queue', () => this.sweep(), this.log);

  constructor(
    private readonly db: Db,
    private readonly store: SmsQueueStore,
    private readonly transport: SmsTransport,
    private readonly budget: SmsBudget,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly policy: RetryPolicy,
  ) {}

  /**
   * Inserts in the caller's transaction, so the message commits or rolls back with what it
   * announces; it belongs to `userId`'s account and goes with it if the account is deleted.
   */
  enqueue(tx: Tx, message: SmsMessage, userId: string): Promise<PendingSms> {
    return this.store.enqueue(tx, message, userId, this.clock());
  }

  /**
   * One attempt at one message, if it is still due, no other worker claimed it since `message`
   * was read, and the global SMS budget allows it (otherwise the sweeper sends it later).
   */
  async deliver(message: PendingSms): Promise<void> {
    if (!(await this.budget.take(message.to)).ok) return this.log.warn({ smsId: message.id }, 'queued SMS held back by RATE_LIMIT_SMS_GLOBAL');
    const now = this.clock();
    const claimed = await this.store.claim(this.db, message, now, this.leaseEnd(now));
    if (claimed) await this.attempt(claimed);
    else await this.budget.giveBack(message.to);
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

  /** Claims one due message at a time, so none waits out its lease behind the sends before it. */
  private async sweep(): Promise<void> {
    for (let i = 0; i < SWEEP_MAX; i++) {
      const now = this.clock();
      const message = await this.store.claimDue(this.db, now, this.leaseEnd(now));
      if (!message) return;
      // Every message counts against the global cap; while it is spent, the rest wait for the next poll.
      const budget = await this.budget.take(message.to);
      if (!budget.ok) return this.holdBack(message, budget.retryAfterSeconds);
      await this.attempt(message);
    }
  }

  /** A claimed message the global cap does not allow yet: tried again once its window allows one. */
  private async holdBack(message: ClaimedSms, retryAfterSeconds: number): Promise<void> {
    const reason = 'held back by RATE_LIMIT_SMS_GLOBAL';
    this.log.warn({ smsId: message.id, retryAfterSeconds }, `queued SMS ${reason}`);
    const nextAttemptAt = new Date(this.clock().getTime() + retryAfterSeconds * 1000);
    await this.store.finish(this.db, message, { nextAttemptAt, lastError: reason }, { delivered: false, error: reason });
  }

  private leaseEnd(now: Date): Date {
    return new Date(now.getTime() + this.policy.leaseMs);
  }

  /** Sends a claimed message and records the outcome. */
  private async attempt(message: ClaimedSms): Promise<void> {
    let error: unknown = null;
    try {
      await this.transport.send({ to: message.to, body: message.body });
    } catch (caught) {
      error = caught;
      await this.budget.giveBack(message.to);
    }
    const now = this.clock();
    await this.store.finish(this.db, message, this.outcome(message, error, now), { delivered: !error, error: error ? describe(error) : null });
  }

  private outcome(message: ClaimedSms, error: unknown, now: Date): Partial<QueuedSms> {
    const context = { smsId: message.id, to: maskPhone(message.to), attempt: message.attempts };
    if (!error) {
      this.log.info(context, 'queued SMS delivered');
      return { status: 'sent', sentAt: now, lastError: null };
    }
    const permanent = error instanceof SmsDeliveryError && error.kind === 'invalid-number';
    if (permanent || now.getTime() - message.createdAt.getTime() >= this.policy.giveUpAfterMs) {
      this.log.error({ ...context, err: error, queuedAt: message.createdAt }, 'queued SMS given up');
      return { status: 'failed', lastError: describe(error) };
    }
    const delay = Math.min(this.policy.baseDelayMs * 2 ** (message.attempts - 1), this.policy.maxDelayMs);
    const nextAttemptAt = new Date(now.getTime() + delay);
    this.log.warn({ ...context, err: error, retryAt: nextAttemptAt }, 'queued SMS failed; will retry');
    return { lastError: describe(error), nextAttemptAt };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : String(error).slice(0, 500);
}
