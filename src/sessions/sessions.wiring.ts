import type { Events } from '../webhooks/events';
import type { AuditLog } from '../audit/audit-log';
import type { Database } from '../db/database';
import type { DatabaseConfig } from '../db/database-url';
import { postgresConnection } from '../db/driver';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { PostgresRevocations } from './postgres-revocations';
import { noRevocationFeed } from './revocations';
import { SessionCache } from './session-cache';
import { SessionService } from './session.service';
import { SessionStore } from './session.store';

export interface SessionsDeps {
  config: { database: DatabaseConfig; sessionTtlMs: number; sessionCacheTtlMs: number };
  database: Database;
  clock: Clock;
  log: Logger;
  audit: AuditLog;
  events: Events;
}

/**
 * Sessions with their cache. On PostgreSQL, revocations also travel to the other instances; the
 * listener that receives them starts with the app, not here.
 */
export function wireSessions({ config, database, clock, log, audit, events }: SessionsDeps) {
  const cache = new SessionCache(clock, config.sessionCacheTtlMs);
  const revocations =
    config.database.kind === 'postgres'
      ? new PostgresRevocations({ connection: postgresConnection(config.database.url), cache, log })
      : undefined;
  const store = new SessionStore();
  const feed = revocations ?? noRevocationFeed;
  const ttlMs = config.sessionTtlMs;
  const sessions = new SessionService({
    db: database.db,
    store,
    clock,
    ttlMs,
    cache,
    revocations: feed,
    log,
    audit,
    database,
    events,
  });
  return { sessions, revocations };
}
