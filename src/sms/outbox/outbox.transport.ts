import type { Db } from '../../db/handles';
import { maskPhone } from '../../shared/mask-phone';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import type { SmsMessage, SmsTransport } from '../sms-transport';
import type { OutboxMessage } from './outbox-message.entity';
import type { OutboxStore } from './outbox.store';

/** Development transport: nothing leaves the machine; messages are kept for GET /dev/outbox. */
export class OutboxSmsTransport implements SmsTransport {
  readonly name = 'outbox';

  constructor(
    private readonly db: Db,
    private readonly store: OutboxStore,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async send({ to, body }: SmsMessage): Promise<void> {
    await this.store.insert(this.db, { to, body, createdAt: this.clock() });
    this.log.info({ to: maskPhone(to) }, 'SMS kept in the dev outbox: GET /dev/outbox?to=<number> shows it');
  }

  forgetPhone(phoneNumber: string): Promise<void> {
    return this.store.deleteTo(this.db, phoneNumber);
  }

  /** Newest first. */
  list(to?: string, limit = 50): Promise<OutboxMessage[]> {
    return this.store.list(this.db, to, limit);
  }
}
