import type { Db } from '../db/handles';
import type { CodeChannel } from '../sms/channels';
import type { SmsQueueStore } from '../sms/queue/sms-queue.store';
import type { SmsDeliveryStore } from '../sms/receipts/sms-delivery.store';
import { VerificationCode } from '../verification/local/verification-code.entity';

/** One try at handing a queued text on. */
export interface DeliveryAttempt {
  at: Date;
  delivered: boolean;
  error: string | null;
}

/** A text or call sent to a user: a queued message (the signup confirmation) or a code. */
export interface Delivery {
  kind: 'message' | 'code';
  at: Date;
  /** Known for a queued text, and for a code whose receipt was recorded; null otherwise. */
  channel: CodeChannel | null;
  /** The newest receipt's status where one was recorded, else the queue's (pending, sent, failed); null for a code without one. */
  status: string | null;
  errorCode: number | null;
  attempts: DeliveryAttempt[];
}

export interface DeliveryTimelineDeps {
  queue: SmsQueueStore;
  receipts: SmsDeliveryStore;
}

/**
 * What was sent to one user, newest first, so support can answer "my code never came": the texts
 * queued to their number with every attempt, and the codes made for them (the local provider's),
 * each with its delivery receipt where Twilio reported one.
 */
export class DeliveryTimeline {
  constructor(private readonly deps: DeliveryTimelineDeps) {}

  async of(db: Db, user: { id: string; phoneNumber: string }, limit: number): Promise<Delivery[]> {
    const queued = await this.deps.queue.toNumber(db, user.phoneNumber, limit);
    const codes = await db.em.find(VerificationCode, { user: user.id }, { orderBy: { id: 'desc' }, limit });
    const sids = [
      ...queued.flatMap(({ attempts }) => attempts.map((attempt) => attempt.providerSid)),
      ...codes.map((code) => code.messageSid),
    ].filter((sid): sid is string => sid !== null);
    const receipts = await this.deps.receipts.bySids(db, sids);

    const messages: Delivery[] = queued.map(({ message, attempts }) => {
      const sid = [...attempts].reverse().find((attempt) => attempt.providerSid !== null)?.providerSid;
      const receipt = sid ? receipts.get(sid) : undefined;
      return {
        kind: 'message',
        at: message.createdAt,
        channel: 'sms',
        status: receipt?.status ?? message.status,
        errorCode: receipt?.errorCode ?? null,
        attempts: attempts.map(({ attemptedAt, delivered, error }) => ({ at: attemptedAt, delivered, error })),
      };
    });
    const sentCodes: Delivery[] = codes.map((code) => {
      const receipt = code.messageSid ? receipts.get(code.messageSid) : undefined;
      return {
        kind: 'code',
        at: code.createdAt,
        channel: receipt?.channel ?? null,
        status: receipt?.status ?? null,
        errorCode: receipt?.errorCode ?? null,
        attempts: [],
      };
    });
    return [...messages, ...sentCodes].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
  }
}
