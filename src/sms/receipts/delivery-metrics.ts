import { Gauge, type Registry } from 'prom-client';
import type { CodeChannel } from '../channels';

/** The delivery ratio's window: a day, so a quiet night's few texts do not swing it, and an outage shows the same day. */
export const DELIVERY_WINDOW_MS = 86_400_000;

export interface ChannelDelivery {
  country: string;
  channel: CodeChannel;
  /** delivered / (delivered + missed) over the window. */
  ratio: number;
}

/**
 * `sms_delivery_ratio{country,channel}`, read from the receipts' rows at each scrape: every
 * instance reports the same numbers. Declared only when receipts are on, since without them
 * nothing reports what was delivered.
 */
export function deliveryRatioGauge(registry: Registry, read: () => Promise<ChannelDelivery[]>): void {
  new Gauge({
    name: 'sms_delivery_ratio',
    help: 'Messages (calls: answered) Twilio reports delivered over those with a final status in the last 24 hours, by destination country and channel, across all instances.',
    labelNames: ['country', 'channel'],
    registers: [registry],
    async collect() {
      const ratios = await read().catch(() => undefined);
      if (!ratios) return;
      this.reset();
      for (const { country, channel, ratio } of ratios) this.set({ country, channel }, ratio);
    },
  });
}
