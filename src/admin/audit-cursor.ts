import type { AuditPosition } from './admin-audit';
import { AdminInputError } from './admin.service';

const POSITION = /^(\d{1,15}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** A page of the audit log ends at its last event: the next page goes on from that time and id. */
export const auditCursorOf = ({ at, id }: AuditPosition): string =>
  Buffer.from(`${at.getTime()}:${id}`, 'utf8').toString('base64url');

/** Checked before it reaches a statement: PostgreSQL would refuse a malformed uuid with an error. */
export function auditPositionOf(cursor: string): AuditPosition {
  const match = POSITION.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new AdminInputError('after must be the endCursor of an earlier page.');
  return { at: new Date(Number(match[1])), id: match[2] };
}
