import { raw, type FilterQuery } from '@mikro-orm/core';
import type { Db, Tx } from '../db/handles';
import { AuditEventRow } from './audit-event.entity';

/** Which events a listing of all of them keeps; `typePrefix` ends in a dot. */
export interface AuditEventFilter {
  type?: string;
  typePrefix?: string;
  since?: Date;
  /** The last event of the page before: the listing goes on with the ones older than it. */
  after?: { at: Date; id: string };
}

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

  /**
   * Every event, newest first, ties in time broken by id so that pages neither skip nor repeat one.
   * A prefix is compared with substr, not LIKE: LIKE treats `_` (as in `two_step.`) as a wildcard,
   * and SQLite's ignores case where PostgreSQL's does not.
   */
  list(db: Db, filter: AuditEventFilter, limit: number): Promise<AuditEventRow[]> {
    const where: FilterQuery<AuditEventRow>[] = [];
    if (filter.type !== undefined) where.push({ type: filter.type });
    if (filter.typePrefix !== undefined)
      where.push({ [raw('substr(type, 1, ?)', [filter.typePrefix.length])]: filter.typePrefix });
    if (filter.since) where.push({ at: { $gte: filter.since } });
    if (filter.after) {
      const { at, id } = filter.after;
      where.push({ $or: [{ at: { $lt: at } }, { at, id: { $lt: id } }] });
    }
    return db.em.find(AuditEventRow, { $and: where }, { orderBy: { at: 'desc', id: 'desc' }, limit });
  }

  prune(db: Db, before: Date): Promise<number> {
    return db.em.nativeDelete(AuditEventRow, { at: { $lt: before } });
  }

  async forget(tx: Tx, userId: string): Promise<void> {
    await tx.em.nativeUpdate(AuditEventRow, { userId }, { ip: null, userAgent: null, detail: null });
  }
}
