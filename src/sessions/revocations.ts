import type { Db } from '../db/handles';

/** Sessions revoked on one instance: by id, or every session of a user. */
export type Revocation = { sessionIds: string[] } | { userId: string };

/**
 * Tells the other instances sharing the database that sessions were revoked, so their caches drop
 * them at once. Announced through the handle that revoked them: in a transaction, it is sent on commit.
 */
export interface RevocationFeed {
  announce(db: Db, revocation: Revocation): Promise<void>;
}

/** SQLite has no way to reach another process: there, SESSION_CACHE_TTL_MS bounds how long a revoked session lingers. */
export const noRevocationFeed: RevocationFeed = { announce: async () => undefined };
