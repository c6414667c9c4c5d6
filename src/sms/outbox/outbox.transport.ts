import type { Db } from '../../db/handles';
import { maskPhone } from '../../shared/mask-phone';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import type { SmsMessage, SmsTransport } from '../sms-transport';
import type { OutboxMessage } from './outbox-message.entity';
import type { OutboxStore } from './outbox.store';

export interface OutboxSmsTransportDeps {
  db: Db;
  store: OutboxStore;
  clock: Clock;
  log: Logger;
}

const KEPT = {
  sms: 'SMS kept in the dev outbox',
  call: 'call kept in the dev outbox, with the words it says',
  whatsapp: 'WhatsApp message kept in the dev outbox',
};

/** Development transport: nothing leaves the machine; messages and calls are kept for GET /dev/outbox. */
export class OutboxSmsTransport implements SmsTransport {
  readonly name = 'outbox';

  constructor(private readonly deps: OutboxSmsTransportDeps) {}

  async send({ to, body, channel = 'sms' }: SmsMessage): Promise<void> {
    await this.deps.store.insert(this.deps.db, { to, body, channel, createdAt: this.deps.clock() });
    this.deps.log.info({ to: maskPhone(to) }, `${KEPT[channel]}: GET /dev/outbox?to=<number> shows it`);
  }

  forgetPhone(phoneNumber: string): Promise<void> {
    return this.deps.store.deleteTo(this.deps.db, phoneNumber);
  }

  /** Newest first. */
  list(to?: string, limit = 50): Promise<OutboxMessage[]> {
    return this.deps.store.list(this.deps.db, to, limit);
  }
}
