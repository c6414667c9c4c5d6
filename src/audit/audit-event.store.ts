import type { Db, Tx } from '../db/handles';
import { AuditEventRow } from './audit-event.entity';

/** Every statement on `audit_events`. */
export class AuditEventStore {
  async insert(db: Db, row: AuditEventRow): Promise<void> {
    await db.em.insert(row);
  }

  forUser(db: Db, userId: string, limit: number, before?: Date): Promise<AuditEventRow[]> {
    return db.em.find(AuditEventRow, before ? { userId, at: { $lt: before } } : { userId }, {
      orderBy: { at: 'desc', id: 'desc' },
      limit,
    });
  }

  prune(db: Db, before: Date): Promise<number> {
    return db.em.nativeDelete(AuditEventRow, { at: { $lt: before } });
  }

  async forget(tx: Tx, userId: string): Promise<void> {
    await tx.em.nativeUpdate(AuditEventRow, { userId }, { ip: null, userAgent: null, detail: null });
  }
}
