import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/handles';
import { systemClock, type Clock } from '../shared/clock';
import { WebhookEventRow } from './webhook-event.entity';
import { WebhookEventStore } from './webhook-event.store';

export type WebhookEventType =
  | 'user.registered'
  | 'user.verified'
  | 'user.signed_in'
  | 'user.password_reset'
  | 'user.phone_changed'
  | 'user.deleted'
  | 'session.revoked'
  | 'user.two_step_enabled'
  | 'user.two_step_disabled'
  | 'user.recovery_code_used'
  | 'user.two_step_failed'
  | `admin.${string}`;

type EventData = Record<string, string | number | boolean | null>;

/** The user's id always (but an admin action may concern no user); never a secret, code, token or hash. */
export type WebhookEvent =
  | { type: Exclude<WebhookEventType, `admin.${string}`>; data: { id: string } & EventData }
  | { type: `admin.${string}`; data: { id?: string } & EventData };

/** What a consumer needs to know of an account: its id, email, name and E.164 phone. */
export function userData(user: { id: string; email: string; name: string; phoneNumber: string }) {
  return { id: user.id, email: user.email, name: user.name, phone: user.phoneNumber };
}

/** Events for the webhooks' endpoints, written as rows in the transaction of what they report. */
export class Events {
  constructor(private readonly deps: { endpoints: string[]; store: WebhookEventStore; clock: Clock }) {}

  async emit(tx: Tx, event: WebhookEvent): Promise<void> {
    const now = this.deps.clock();
    const payload = JSON.stringify({ type: event.type, timestamp: now.toISOString(), data: event.data });
    const rows = this.deps.endpoints.map((endpoint) =>
      Object.assign(new WebhookEventRow(), {
        id: `msg_${randomUUID().replaceAll('-', '')}`,
        endpoint,
        type: event.type,
        payload,
        nextAttemptAt: now,
        createdAt: now,
      }),
    );
    await this.deps.store.enqueue(tx, rows);
  }
}

/** Where no WEBHOOK_URLS are set: nothing is written. */
export const noEvents = new Events({ endpoints: [], store: new WebhookEventStore(), clock: systemClock });
