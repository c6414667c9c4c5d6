import twilio from 'twilio';
import { destinationOf } from '../../abuse/fraud-guard/destination';
import type { Db } from '../../db/handles';
import type { Metrics } from '../../metrics/metrics';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { CODE_CHANNELS, type CodeChannel } from '../channels';
import { DELIVERY_WINDOW_MS, type ChannelDelivery } from './delivery-metrics';
import { isUndeliveredText, parseReceipt, rankOf } from './delivery-status';
import type { ReceiptSettings } from './receipt-settings';
import type { CountryDelivery, SmsDeliveryStore } from './sms-delivery.store';

/** What became of a status callback: refused, not about anything this server tracks, or taken. */
export type ReceiptAnswer = 'forbidden' | 'ignored' | 'recorded' | 'unchanged';

/** Told the id of a text that Twilio reports undelivered or failed, once per text. */
export type UndeliveredListener = (sid: string) => Promise<void>;

/** A code's text that will not arrive: where it went, and when. */
export interface UndeliveredCode {
  /** E.164. */
  to: string;
  sentAt: Date;
}

/** Told of each code's text that Twilio reports undelivered or failed, once per text across instances. */
export type UndeliveredCodeListener = (text: UndeliveredCode) => Promise<void>;

export interface DeliveryReceiptsDeps {
  db: Db;
  store: SmsDeliveryStore;
  settings: ReceiptSettings;
  clock: Clock;
  log: Logger;
  metrics: Pick<Metrics, 'deliveryReceipt'>;
}

/**
 * Twilio's delivery receipts: every message and call handed to Twilio is on record by its id, and
 * each signed status callback moves it on. What the record says per country feeds operators and
 * the fraud guard; an undelivered code text is passed on to whoever listens (the fallback call).
 */
export class DeliveryReceipts {
  private readonly listeners: UndeliveredListener[] = [];
  private readonly codeListeners: UndeliveredCodeListener[] = [];

  constructor(private readonly deps: DeliveryReceiptsDeps) {}

  onUndelivered(listener: UndeliveredListener): void {
    this.listeners.push(listener);
  }

  onCodeUndelivered(listener: UndeliveredCodeListener): void {
    this.codeListeners.push(listener);
  }

  /** A message or call Twilio just accepted, queued until its receipts say more. */
  async sent(sid: string, message: { to: string; channel?: CodeChannel }): Promise<void> {
    const channel = message.channel ?? 'sms';
    await this.deps.store.recordSent(this.deps.db, {
      sid,
      channel,
      country: destinationOf(message.to).country,
      status: 'queued',
      statusRank: rankOf(channel, 'queued')!,
      errorCode: null,
      at: this.deps.clock(),
    });
  }

  /**
   * The text `sid`, just handed on, carried a code. If its receipt came first and said it will not
   * arrive, the code's listeners hear of it now.
   */
  async codeSent(sid: string, to: string): Promise<void> {
    const state = await this.deps.store.markCode(this.deps.db, sid);
    if (state && isUndeliveredText('sms', state.status)) await this.codeUndelivered({ to, sentAt: state.createdAt });
  }

  /**
   * A status callback, checked with the twilio library against the auth token and the URL Twilio
   * was given: one that does not match changes nothing. Idempotent: a duplicate or a late
   * receipt (a `sent` after `delivered`) finds nothing to move on.
   */
  async receive(signature: string | undefined, params: Record<string, string>): Promise<ReceiptAnswer> {
    const { authToken, callbackUrl } = this.deps.settings;
    if (!signature || !twilio.validateRequest(authToken, signature, callbackUrl, params)) {
      this.deps.log.warn('delivery receipt refused: its X-Twilio-Signature is missing or does not match');
      return 'forbidden';
    }
    const receipt = parseReceipt(params);
    if (!receipt) return 'ignored';
    const { sid, channel, status, rank, errorCode, to } = receipt;
    const applied = await this.deps.store.recordStatus(this.deps.db, {
      sid,
      channel,
      country: destinationOf(to).country,
      status,
      statusRank: rank,
      errorCode,
      at: this.deps.clock(),
    });
    if (!applied) return 'unchanged';
    this.deps.metrics.deliveryReceipt(channel, status);
    if (isUndeliveredText(channel, status)) {
      this.deps.log.warn({ sid, errorCode }, 'Twilio reports a text undelivered');
      await this.undelivered(sid);
      if (applied.carriesCode) await this.codeUndelivered({ to, sentAt: applied.createdAt });
    }
    return 'recorded';
  }

  /** Whether Twilio has reported this text undelivered already: a receipt can beat the sender's own record. */
  async isUndelivered(sid: string): Promise<boolean> {
    const known = await this.deps.store.statusOf(this.deps.db, sid);
    return known !== null && isUndeliveredText(known.channel, known.status);
  }

  /**
   * Per country, the messages (or calls) on `channel` handed to Twilio since `since`, and how many
   * its receipts report delivered or missed: every instance reads the same rows.
   */
  deliveryRateByCountry(since: Date, channel: CodeChannel = 'sms'): Promise<CountryDelivery[]> {
    return this.deps.store.byCountry(this.deps.db, channel, since);
  }

  /** Each country's and channel's delivery ratio over the gauge's window, where some have a final status. */
  async deliveryRatios(): Promise<ChannelDelivery[]> {
    const since = new Date(this.deps.clock().getTime() - DELIVERY_WINDOW_MS);
    const ratios: ChannelDelivery[] = [];
    for (const channel of CODE_CHANNELS)
      for (const { country, deliveryRate } of await this.deliveryRateByCountry(since, channel))
        if (deliveryRate !== null) ratios.push({ country, channel, ratio: deliveryRate });
    return ratios;
  }

  private async codeUndelivered(text: UndeliveredCode): Promise<void> {
    for (const listener of this.codeListeners) {
      await listener(text).catch((error: unknown) =>
        this.deps.log.error({ err: error }, "acting on a code's undelivered text failed"),
      );
    }
  }

  private async undelivered(sid: string): Promise<void> {
    for (const listener of this.listeners) {
      await listener(sid).catch((error: unknown) =>
        this.deps.log.error({ err: error, sid }, 'acting on an undelivered text failed'),
      );
    }
  }
}
