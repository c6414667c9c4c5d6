import type { Db } from '../../db/handles';
import type { CodeChannel } from '../channels';
import { OutboxMessage } from './outbox-message.entity';

/** Every statement on `dev_outbox_messages`. */
export class OutboxStore {
  async insert(db: Db, message: { to: string; body: string; channel: CodeChannel; createdAt: Date }): Promise<void> {
    await db.em.insert(OutboxMessage, message);
  }

  async deleteTo(db: Db, to: string): Promise<void> {
    await db.em.nativeDelete(OutboxMessage, { to });
  }

  /** Newest first. */
  list(db: Db, to: string | undefined, limit: number): Promise<OutboxMessage[]> {
    return db.em.find(OutboxMessage, to ? { to } : {}, { orderBy: { id: 'desc' }, limit });
  }
}
