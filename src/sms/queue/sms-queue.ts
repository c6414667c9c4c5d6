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

  /** Persists with the caller's unit of work, so the message commits or rolls back with it. */
  enqueue(em: EntityManager, message: SmsMessage): QueuedSms {
    const now = this.clock();
    const queued = Object.assign(new QueuedSms(), { ...message, nextAttemptAt: now, createdAt: now });
    em.persist(queued);
    return queued;
  }

  /** One attempt at one message, if it is due and no other worker holds it. Never throws. */
  async deliver(id: number): Promise<void> {
    const em = this.em.fork();
    const now = this.clock();
    const claimed = await em.nativeUpdate(
      QueuedSms,
      { id, status: 'pending', nextAttemptAt: { $lte: now } },
      { nextAttemptAt: new Date(now.getTime() + this.policy.leaseMs) },
    );
    if (claimed !== 1) return;
    const message = await em.findOneOrFail(QueuedSms, id);
    try {
      await this.transport.send({ to: message.to, body: message.body });
      this.record(em, message, null);
    } catch (error) {
      this.record(em, message, error);
    }
    await em.flush();
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
      { fields: ['id'], orderBy: { id: 'asc' }, limit: 100 },
    );
    for (const { id } of due) await this.deliver(id);
  }

  private record(em: EntityManager, message: QueuedSms, error: unknown): void {
    const now = this.clock();
    message.attempts += 1;
    em.persist(Object.assign(new SmsDeliveryAttempt(), { message, attemptedAt: now, delivered: !error, error: error ? describe(error) : null }));
    const context = { smsId: message.id, to: maskPhone(message.to), attempt: message.attempts };
    if (!error) {
      Object.assign(message, { status: 'sent', sentAt: now, lastError: null });
      this.log.info(context, 'queued SMS delivered');
      return;
    }
    message.lastError = describe(error);
    const permanent = error instanceof SmsDeliveryError && error.kind === 'invalid-number';
    if (permanent || message.attempts >= this.policy.maxAttempts) {
      message.status = 'failed';
      this.log.error({ ...context, err: error }, 'queued SMS given up');
      return;
    }
    message.nextAttemptAt = new Date(now.getTime() + this.policy.baseDelayMs * 2 ** (message.attempts - 1));
    this.log.warn({ ...context, err: error, retryAt: message.nextAttemptAt }, 'queued SMS failed; will retry');
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : String(error).slice(0, 500);
}
