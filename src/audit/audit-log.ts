import type { Database } from '../db/database';
import type { Db, Tx } from '../db/handles';
import type { Clock } from '../shared/clock';
import { AuditEventRow } from './audit-event.entity';
import { AuditEventStore, type AuditEventFilter } from './audit-event.store';

export type { AuditEventFilter };

export type AuditActor = 'user' | 'admin' | 'system';

export interface AuditEntry {
  /** Such as 'user.registered', 'user.verified', 'login.succeeded', 'login.failed', 'admin.verify_user'. */
  type: string;
  userId: string | null;
  actor: AuditActor;
  ip?: string | null;
  userAgent?: string | null;
  outcome: 'success' | 'failure';
  /** Small, never a secret, code, token or hash. */
  detail?: Record<string, string | number | boolean | null>;
}

export interface AuditEvent extends AuditEntry {
  id: string;
  at: Date;
}

const USER_AGENT_MAX = 512;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

/** Who did what to which account, and when: the answer to "what happened to this account". */
export class AuditLog {
  private readonly store = new AuditEventStore();

  constructor(private readonly deps: { database: Database; clock: Clock }) {}

  /** Inside the change's transaction: the record commits or rolls back with what it reports. */
  record(tx: Tx, entry: AuditEntry): Promise<void> {
    return this.store.insert(tx, this.rowOf(entry));
  }

  /** Its own write, for what changes nothing else (a refused sign-in, a blocked code). */
  recordNow(entry: AuditEntry): Promise<void> {
    return this.store.insert(this.deps.database.db, this.rowOf(entry));
  }

  /** Newest first. */
  async forUser(db: Db, userId: string, options: { limit?: number; before?: Date } = {}): Promise<AuditEvent[]> {
    const limit = Math.min(Math.max(1, options.limit ?? DEFAULT_LIMIT), MAX_LIMIT);
    const rows = await this.store.forUser(db, userId, limit, options.before);
    return rows.map(eventOf);
  }

  /** Every event, the user's or no one's, newest first: for operators, who filter by type. */
  async list(db: Db, filter: AuditEventFilter, limit: number): Promise<AuditEvent[]> {
    const rows = await this.store.list(db, filter, Math.min(Math.max(1, limit), MAX_LIMIT));
    return rows.map(eventOf);
  }

  prune(before: Date): Promise<number> {
    return this.store.prune(this.deps.database.db, before);
  }

  /** On deletion: the events stay, without what identifies a person beyond the id. */
  forget(tx: Tx, userId: string): Promise<void> {
    return this.store.forget(tx, userId);
  }

  private rowOf(entry: AuditEntry): AuditEventRow {
    return Object.assign(new AuditEventRow(), {
      at: this.deps.clock(),
      type: entry.type,
      userId: entry.userId,
      actor: entry.actor,
      outcome: entry.outcome,
      ip: entry.ip ?? null,
      userAgent: entry.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    });
  }
}

function eventOf(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    at: new Date(row.at),
    type: row.type,
    userId: row.userId,
    actor: row.actor as AuditActor,
    outcome: row.outcome as AuditEntry['outcome'],
    ip: row.ip,
    userAgent: row.userAgent,
    detail: row.detail ? (JSON.parse(row.detail) as AuditEntry['detail']) : undefined,
  };
}

/** Who acts, as the request tells it: the person, from their address and browser. */
export function byCaller(caller: { ip: string; userAgent?: string }): Pick<AuditEntry, 'actor' | 'ip' | 'userAgent'> {
  return { actor: 'user', ip: caller.ip, userAgent: caller.userAgent ?? null };
}
