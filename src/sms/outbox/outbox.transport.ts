import type { EntityManager } from '@mikro-orm/sqlite';
import { maskPhone } from '../../shared/mask-phone';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import type { SmsMessage, SmsTransport } from '../sms-transport';
import { OutboxMessage } from './outbox-message.entity';

/** Development transport: nothing leaves the machine; messages are kept for GET /dev/outbox. */
export class OutboxSmsTransport implements SmsTransport {
  readonly name = 'outbox';

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async send({ to, body }: SmsMessage): Promise<void> {
    await this.em.fork().insert(OutboxMessage, { to, body, createdAt: this.clock() });
    this.log.info({ to: maskPhone(to) }, 'SMS kept in the dev outbox: GET /dev/outbox?to=<number> shows it');
  }

  /** Newest first. */
  async list(to?: string, limit = 50): Promise<OutboxMessage[]> {
    return this.em.fork().find(OutboxMessage, to ? { to } : {}, { orderBy: { id: 'desc' }, limit });
  }
}
