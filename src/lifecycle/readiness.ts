import { execute } from '../db/dialect';
import type { Database } from '../db/database';
import { pendingMigrations } from '../db/migrate';

export type ReadinessState =
  | { ready: true }
  | { ready: false; reason: 'draining' | 'database unavailable' | 'migrations pending'; pending?: string[] };

/** A probe that waits longer than this for the database counts it as unavailable. */
const DATABASE_PROBE_TIMEOUT_MS = 2_000;

/** Whether this instance should get traffic: its database answers, its migrations are applied, and it is not shutting down. */
export class Readiness {
  private draining = false;
  private migrated = false;

  constructor(private readonly database: Database) {}

  /** From now on the instance answers not ready, whatever the database says. */
  drain(): void {
    this.draining = true;
  }

  async check(): Promise<ReadinessState> {
    if (this.draining) return { ready: false, reason: 'draining' };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(() => resolve('timeout'), DATABASE_PROBE_TIMEOUT_MS)),
    );
    try {
      const answered = await Promise.race([execute(this.database.db, 'select 1'), timeout]);
      if (answered === 'timeout') return { ready: false, reason: 'database unavailable' };
      // Applied migrations stay applied, so once they all are, the migrator need not be asked again.
      if (!this.migrated) {
        const pending = await pendingMigrations(this.database);
        if (pending.length > 0) return { ready: false, reason: 'migrations pending', pending };
        this.migrated = true;
      }
      return this.draining ? { ready: false, reason: 'draining' } : { ready: true };
    } catch {
      return { ready: false, reason: 'database unavailable' };
    } finally {
      clearTimeout(timer);
    }
  }
}
