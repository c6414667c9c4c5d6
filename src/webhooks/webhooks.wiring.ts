import type { Registry } from 'prom-client';
import type { Database } from '../db/database';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { Events, noEvents } from './events';
import { WebhookDelivery } from './webhook-delivery';
import { WebhookEventStore } from './webhook-event.store';
import { webhookMetrics } from './webhook-metrics';
import type { WebhookSettings } from './webhook-settings';

export interface WebhooksDeps {
  config: { webhooks?: WebhookSettings };
  database: Database;
  /** Prometheus', when METRICS_PORT is set. */
  registry?: Registry;
  clock: Clock;
  log: Logger;
}

/** The events the flows emit, and the worker that delivers them; neither when WEBHOOK_URLS is unset. */
export function wireWebhooks({ config, database, registry, clock, log }: WebhooksDeps) {
  const settings = config.webhooks;
  if (!settings) return { events: noEvents, delivery: undefined };
  const store = new WebhookEventStore();
  const counted = registry && webhookMetrics(registry, () => store.oldestPending(database.db), clock);
  const events = new Events({ endpoints: settings.urls, store, clock });
  const delivery = new WebhookDelivery({ settings, database, store, clock, log, counted });
  return { events, delivery };
}
