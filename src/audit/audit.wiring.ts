import type { Database } from '../db/database';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { AuditLog } from './audit-log';

export interface AuditDeps {
  config: { auditRetentionMs: number };
  database: Database;
  clock: Clock;
  log: Logger;
}

/** The audit log, and its pruning for housekeeping: events older than AUDIT_RETENTION_DAYS go. */
export function wireAudit({ config, database, clock }: AuditDeps) {
  const audit = new AuditLog({ database, clock });
  const prune = () => audit.prune(new Date(clock().getTime() - config.auditRetentionMs));
  return { audit, prune };
}
