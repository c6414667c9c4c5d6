import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One security-relevant event. The user id is a plain column, not a foreign key: the record of an
 * account outlives its deletion, with its personal fields blanked (AuditLog.forget).
 */
@Entity({ tableName: 'audit_events' })
@Index({ name: 'audit_events_user_id_at_index', properties: ['userId', 'at'] })
export class AuditEventRow {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'datetime', index: 'audit_events_at_index' })
  at!: Date;

  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'uuid', nullable: true })
  userId: string | null = null;

  @Property({ type: 'text' })
  actor!: string;

  @Property({ type: 'text' })
  outcome!: string;

  @Property({ type: 'text', nullable: true })
  ip: string | null = null;

  @Property({ type: 'text', nullable: true })
  userAgent: string | null = null;

  /** JSON of a few flat values. */
  @Property({ type: 'text', nullable: true })
  detail: string | null = null;
}
