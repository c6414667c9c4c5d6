import type { Db, Tx } from '../db/handles';

/**
 * What the admin API needs of the audit log (src/audit/audit-log.ts): every admin action is
 * recorded in the transaction that makes it, and a user's events are read back.
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
  actor: string;
  outcome: string;
  ip?: string | null;
  userAgent?: string | null;
  detail?: Record<string, string | number | boolean | null>;
}

export interface AdminAudit {
  record(tx: Tx, entry: AdminAuditEntry): Promise<void>;
  forUser(db: Db, userId: string, options?: { limit?: number; before?: Date }): Promise<AdminAuditEvent[]>;
}
