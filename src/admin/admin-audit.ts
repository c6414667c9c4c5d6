import type { Db, Tx } from '../db/handles';

/**
 * What the admin API needs of the audit log (src/audit/audit-log.ts): every admin action is
 * recorded in the transaction that makes it, and events are read back, a user's or all of them.
 */
export interface AdminAuditEntry {
  type: string;
  userId: string | null;
  actor: 'admin';
  outcome: 'success' | 'failure';
  detail?: Record<string, string | number | boolean | null>;
}

export interface AdminAuditEvent {
  id: string;
  at: Date;
  type: string;
  userId?: string | null;
  actor: string;
  outcome: string;
  ip?: string | null;
  userAgent?: string | null;
  detail?: Record<string, string | number | boolean | null>;
}

export interface AdminAudit {
  record(tx: Tx, entry: AdminAuditEntry): Promise<void>;
  forUser(db: Db, userId: string, options?: { limit?: number; before?: Date }): Promise<AdminAuditEvent[]>;
  /** Every event, newest first; `typePrefix` ends in a dot, `after` is the previous page's last event. */
  list(db: Db, filter: AuditListFilter, limit: number): Promise<AdminAuditEvent[]>;
}

export interface AuditListFilter {
  type?: string;
  typePrefix?: string;
  since?: Date;
  after?: AuditPosition;
}

/** Where a page of the audit log ended: its last event's time and id. */
export interface AuditPosition {
  at: Date;
  id: string;
}
