import { Counter, Gauge, type Registry } from 'prom-client';
import type { GuardDecision, GuardReason } from './verdict';

/** The conversion gauge's window: long enough to smooth a quiet night, short enough to show an attack the same day. */
export const CONVERSION_WINDOW_MS = 86_400_000;

/** What the guard records for operators; labels are the decision, a bounded reason, a country code or a currency. */
export interface GuardMetrics {
  decision(decision: GuardDecision, reason: GuardReason): void;
  /** Money committed to a code that goes out, at the price table's price. */
  spend(currency: string, amount: number): void;
  /** Money given back for a code that did not go out after all. */
  refund(currency: string, amount: number): void;
  /** How the conversion gauge is read at each scrape: codes entered over codes sent, per country. */
  watchConversion(read: () => Promise<{ country: string; ratio: number }[]>): void;
}

const ignore = () => undefined;

export const noGuardMetrics: GuardMetrics = {
  decision: ignore,
  spend: ignore,
  refund: ignore,
  watchConversion: ignore,
};

/** The guard's metrics in the app's Prometheus registry, declared here so the guard brings its own. */
export function prometheusGuardMetrics(registry: Registry): GuardMetrics {
  const decisions = new Counter({
    name: 'sms_guard_decisions_total',
    help: 'Codes the SMS guard judged, by decision (allowed, challenged, blocked, flagged) and reason.',
    labelNames: ['decision', 'reason'],
    registers: [registry],
  });
  const spent = new Counter({
    name: 'sms_spend_total',
    help: 'Money committed to codes sent, at the price table (SMS_PRICES), in its currency.',
    labelNames: ['currency'],
    registers: [registry],
  });
  const refunded = new Counter({
    name: 'sms_spend_refunded_total',
    help: 'Money given back for codes that did not go out after all; spent minus refunded is what went out.',
    labelNames: ['currency'],
    registers: [registry],
  });
  let read: (() => Promise<{ country: string; ratio: number }[]>) | undefined;
  new Gauge({
    name: 'verification_conversion_ratio',
    help: 'Codes entered over codes sent in the last 24 hours, by destination country, across all instances.',
    labelNames: ['country'],
    registers: [registry],
    async collect() {
      const ratios = await read?.().catch(() => undefined);
      if (!ratios) return;
      this.reset();
      for (const { country, ratio } of ratios) this.set({ country }, ratio);
    },
  });
  return {
    decision: (decision, reason) => decisions.inc({ decision, reason }),
    spend: (currency, amount) => spent.inc({ currency }, amount),
    refund: (currency, amount) => refunded.inc({ currency }, amount),
    watchConversion: (reader) => {
      read = reader;
    },
  };
}
