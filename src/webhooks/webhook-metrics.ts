import { Counter, Gauge, type Registry } from 'prom-client';
import type { DeliveryResult } from './webhook-delivery';

/** webhook_deliveries_total{result}, and the age of the oldest pending event read at each scrape. */
export function webhookMetrics(registry: Registry, oldestPending: () => Promise<Date | null>, now: () => Date) {
  const deliveries = new Counter({
    name: 'webhook_deliveries_total',
    help: 'Webhook delivery attempts, by how they ended: delivered, retry (to be tried again) or failed (given up)',
    labelNames: ['result'],
    registers: [registry],
  });
  new Gauge({
    name: 'webhook_oldest_pending_seconds',
    help: 'How long the oldest webhook event not yet delivered has waited, or 0 when none is pending',
    registers: [registry],
    async collect() {
      const oldest = await oldestPending();
      this.set(oldest ? Math.max(0, (now().getTime() - oldest.getTime()) / 1_000) : 0);
    },
  });
  return (result: DeliveryResult) => deliveries.inc({ result });
}
