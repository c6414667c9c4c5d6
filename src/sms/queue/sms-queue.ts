import type { Db, Tx } from '../../db/handles';
import { maskPhone } from '../../shared/mask-phone';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { PeriodicTask } from '../../shared/periodic-task';
import { SmsDeliveryError, type SmsMessage, type SmsTransport } from '../sms-transport';
import type { QueuedSms } from './queued-sms.entity';
import type { ClaimedSms, SmsQueueStore } from './sms-queue.store';

/** Messages one sweep sends at most; the next poll takes the rest. */
const SWEEP_MAX = 100;

export interface RetryPolicy {
  maxAttempts: number;
  /** The wait after the first failure; it doubles with each further failure. */
  baseDelayMs: number;
  /** How long a claimed message stays invisible to other workers: longer than one send can take. */
  leaseMs: number;
}

/** Durable delivery: enqueue inside a transaction, deliver after commit, retry with backoff until done or given up. */
export class SmsQueue {
  private readonly sweeper = new PeriodicTask('sms queue', () => this.sweep(), this.log);

  constructor(
    private readonly db: Db,
    private readonly store: SmsQueueStore,
    private readonly transport: SmsTransport,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly policy: RetryPolicy,
  ) {}

  /** Inserts in the caller's transaction, so the message commits or rolls back with what it announces. */
  enqueue(tx: Tx, message: SmsMessage): Promise<ClaimedSms> {
    return this.store.enqueue(tx, message, this.clock());
  }

  /**
   * One attempt at one message, if it is still due and no other worker claimed it since `message`
   * was read. Never throws.
   */
  async deliver(message: ClaimedSms): Promise<void> {
    const now = this.clock();
    if (await this.store.claim(this.db, message, now, this.leaseEnd(now))) await this.attempt(message);
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
      const [message] = await this.store.claimDue(this.db, now, this.leaseEnd(now), 1);
      if (!message) return;
      await this.attempt(message);
    }
  }

  private leaseEnd(now: Date): Date {
    return new Date(now.getTime() + this.policy.leaseMs);
  }

  /** Sends a claimed message and records the outcome with its attempt row. */
  private async attempt(message: ClaimedSms): Promise<void> {
    let error: unknown = null;
    try {
      await this.transport.send({ to: message.to, body: message.body });
    } catch (caught) {
      error = caught;
    }
    const now = this.clock();
    const attempts = message.attempts + 1;
    const outcome = this.outcome(message, attempts, error, now);
    await this.store.record(this.db, message.id, { attempts, ...outcome }, { attemptedAt: now, delivered: !error, error: error ? describe(error) : null });
  }

  private outcome(message: ClaimedSms, attempts: number, error: unknown, now: Date): Partial<QueuedSms> {
    const context = { smsId: message.id, to: maskPhone(message.to), attempt: attempts };
    if (!error) {
      this.log.info(context, 'queued SMS delivered');
      return { status: 'sent', sentAt: now, lastError: null };
    }
    const permanent = error instanceof SmsDeliveryError && error.kind === 'invalid-number';
    if (permanent || attempts >= this.policy.maxAttempts) {
      this.log.error({ ...context, err: error }, 'queued SMS given up');
      return { status: 'failed', lastError: describe(error) };
    }
    const nextAttemptAt = new Date(now.getTime() + this.policy.baseDelayMs * 2 ** (attempts - 1));
    this.log.warn({ ...context, err: error, retryAt: nextAttemptAt }, 'queued SMS failed; will retry');
    return { lastError: describe(error), nextAttemptAt };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : String(error).slice(0, 500);
}
