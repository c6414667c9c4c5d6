import { Webhook } from 'standardwebhooks';
import type { Database } from '../db/database';
import type { Clock } from '../shared/clock';
import { describeError } from '../shared/describe-error';
import type { Logger } from '../shared/logger';
import { PeriodicTask } from '../shared/periodic-task';
import { endpointRefusal } from './endpoint-guard';
import type { WebhookSettings } from './webhook-settings';
import type { ClaimedEvent, WebhookEventStore } from './webhook-event.store';

/** The Standard Webhooks schedule: the wait after each failed attempt. */
export const RETRY_SCHEDULE_MS = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000].map((seconds) => seconds * 1_000);
const ATTEMPT_TIMEOUT_MS = 10_000;
/** Long enough for an attempt to time out, so no other worker takes the event while it runs. */
const LEASE_MS = 3 * ATTEMPT_TIMEOUT_MS;

export type DeliveryResult = 'delivered' | 'retry' | 'failed';

export interface WebhookDeliveryDeps {
  settings: WebhookSettings;
  database: Database;
  store: WebhookEventStore;
  clock: Clock;
  log: Logger;
  /** Counts each attempt by how it ended. */
  counted?: (result: DeliveryResult) => void;
}

/** Sends the outbox's due events, signed, one at a time per worker; any instance may run one. */
export class WebhookDelivery {
  private readonly task = new PeriodicTask('webhooks', () => this.deliverDue(), this.deps.log);
  private readonly signer: Webhook;

  constructor(private readonly deps: WebhookDeliveryDeps) {
    this.signer = new Webhook(deps.settings.secret);
  }

  /** Attempts every due event; answers how many were attempted. */
  async deliverDue(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const now = this.deps.clock();
      const event = await this.deps.database.transaction((tx) =>
        this.deps.store.claimDue(tx, now, new Date(now.getTime() + LEASE_MS)),
      );
      if (!event) return attempted;
      attempted += 1;
      await this.attempt(event);
    }
  }

  private async attempt(event: ClaimedEvent): Promise<void> {
    const error = await this.send(event);
    const now = this.deps.clock();
    const wait = RETRY_SCHEDULE_MS[event.attempts - 1];
    const retryAt = wait === undefined ? undefined : new Date(now.getTime() + wait);
    const inTime = retryAt && retryAt.getTime() - event.createdAt.getTime() <= this.deps.settings.giveUpAfterMs;
    const result: DeliveryResult = error === undefined ? 'delivered' : inTime ? 'retry' : 'failed';
    const update =
      result === 'delivered'
        ? { status: 'delivered' as const, deliveredAt: now, lastError: null }
        : result === 'retry'
          ? { nextAttemptAt: retryAt, lastError: error }
          : { status: 'failed' as const, lastError: error };
    await this.deps.store.finish(this.deps.database.db, event, update);
    this.deps.counted?.(result);
    if (result === 'failed') this.deps.log.warn({ webhookId: event.id, error }, 'webhook given up');
  }

  /** Undefined when the endpoint answered 2xx; otherwise what went wrong, with no body of the answer. */
  private async send(event: ClaimedEvent): Promise<string | undefined> {
    try {
      const { settings } = this.deps;
      const refused = settings.refusePrivate ? await endpointRefusal(event.endpoint, settings.allowPrivate) : undefined;
      if (refused) return refused;
      // The receiver checks the timestamp against its own clock: the wall clock, whatever tests inject.
      const timestamp = new Date();
      const response = await fetch(event.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': event.id,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1_000)),
          'webhook-signature': this.signer.sign(event.id, timestamp, event.payload),
        },
        body: event.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      await response.body?.cancel();
      return response.ok ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      return describeError(error);
    }
  }

  start(intervalMs: number): void {
    this.task.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }
}
