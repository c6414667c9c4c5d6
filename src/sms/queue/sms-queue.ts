import type { EntityManager } from '@mikro-orm/sqlite';
import { maskPhone } from '../../shared/mask-phone';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { PeriodicTask } from '../../shared/periodic-task';
import { SmsDeliveryError, type SmsMessage, type SmsTransport } from '../sms-transport';
import { QueuedSms } from './queued-sms.entity';
import { SmsDeliveryAttempt } from './sms-delivery-attempt.entity';

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
    private readonly em: EntityManager,
    private readonly transport: SmsTransport,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly policy: RetryPolicy,
  ) {}

  /** Inserts through the caller's EntityManager, so in a transaction the message commits or rolls back with it. */
  async enqueue(em: EntityManager, message: SmsMessage): Promise<QueuedSms> {
    const now = this.clock();
    const queued = Object.assign(new QueuedSms(), { ...message, nextAttemptAt: now, createdAt: now });
    queued.id = await em.insert(queued);
    return queued;
  }

  /**
   * One attempt at one message, if it is still due and no other worker claimed it since `message`
   * was read (its attempt count is the version). Never throws.
   */
  async deliver(message: QueuedSms): Promise<void> {
    const em = this.em.fork();
    const now = this.clock();
    const claimed = await em.nativeUpdate(
      QueuedSms,
      { id: message.id, status: 'pending', attempts: message.attempts, nextAttemptAt: { $lte: now } },
      { nextAttemptAt: new Date(now.getTime() + this.policy.leaseMs) },
    );
    if (claimed !== 1) return;
    let error: unknown = null;
    try {
      await this.transport.send({ to: message.to, body: message.body });
    } catch (caught) {
      error = caught;
    }
    await this.record(em, message, error);
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

  private async sweep(): Promise<void> {
    const due = await this.em.fork().find(
      QueuedSms,
      { status: 'pending', nextAttemptAt: { $lte: this.clock() } },
      { orderBy: { id: 'asc' }, limit: 100 },
    );
    for (const message of due) await this.deliver(message);
  }

  /** The outcome and its attempt row: two plain statements, no unit of work. */
  private async record(em: EntityManager, message: QueuedSms, error: unknown): Promise<void> {
    const now = this.clock();
    const attempts = message.attempts + 1;
    const outcome = this.outcome(message, attempts, error, now);
    await em.nativeUpdate(QueuedSms, { id: message.id }, { attempts, ...outcome });
    await em.insert(SmsDeliveryAttempt, { message: message.id, attemptedAt: now, delivered: !error, error: error ? describe(error) : null });
  }

  private outcome(message: QueuedSms, attempts: number, error: unknown, now: Date): Partial<QueuedSms> {
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
