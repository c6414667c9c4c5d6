import type { ClientConfig } from 'pg';
import { execute } from '../db/dialect';
import type { Db } from '../db/handles';
import { PostgresListener } from '../db/postgres';
import type { Logger } from '../shared/logger';
import type { SessionCache } from './session-cache';
import type { Revocation, RevocationFeed } from './revocations';

const CHANNEL = 'sessions_revoked';

/**
 * Revocations through PostgreSQL's LISTEN/NOTIFY: every instance drops the revoked sessions from
 * its cache as soon as the revoking transaction commits. While the listening connection is down,
 * the cache is emptied and not used, so every request reads its session from the database; it is
 * used again once the connection is back (tried every second at most).
 */
export class PostgresRevocations implements RevocationFeed {
  private readonly listener: PostgresListener;

  constructor({ connection, cache, log }: { connection: ClientConfig; cache: SessionCache; log: Logger }) {
    this.listener = new PostgresListener(
      connection,
      CHANNEL,
      {
        message: (payload) => {
          const revocation = parse(payload);
          if (!revocation) return log.warn({ channel: CHANNEL }, 'ignored a malformed revocation notice');
          if ('userId' in revocation) cache.deleteUser(revocation.userId);
          else for (const id of revocation.sessionIds) cache.deleteSession(id);
        },
        // Unheard, a revocation elsewhere would leave a cached session alive: no caching until it is back.
        lost: () => cache.suspend(),
        reconnected: () => cache.resume(),
      },
      log,
    );
  }

  async announce(db: Db, revocation: Revocation): Promise<void> {
    await execute(db, 'select pg_notify(?, ?)', [CHANNEL, JSON.stringify(revocation)]);
  }

  start(): Promise<void> {
    return this.listener.start();
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }
}

function parse(payload: string): Revocation | undefined {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== 'object' || value === null) return undefined;
    if ('userId' in value && typeof value.userId === 'string') return { userId: value.userId };
    if (
      'sessionIds' in value &&
      Array.isArray(value.sessionIds) &&
      value.sessionIds.every((id) => typeof id === 'string')
    ) {
      return { sessionIds: value.sessionIds as string[] };
    }
  } catch {
    // Not JSON: nothing this app sent.
  }
  return undefined;
}
