import type { Database } from '../db/database';
import { pendingMigrations } from '../db/migrate';
import type { Logger } from '../shared/logger';

/**
 * Calls `then` once no migration is pending, asking every `intervalMs`; answers how to stop asking.
 * An instance started with MIGRATE_ON_START=false before `npm run migrate` must not poll tables
 * that do not exist yet: each poll would fail, at error level, until the rollout migrates.
 */
export function afterMigrations(
  database: Database,
  intervalMs: number,
  then: () => void,
  log: Logger,
): () => Promise<void> {
  let done = false;
  const check = async () => {
    try {
      if (done || (await pendingMigrations(database)).length > 0) return;
    } catch {
      return; // The database is away: asked again next round.
    }
    if (done) return;
    stop();
    log.info('migrations applied: the SMS queue and housekeeping start');
    then();
  };
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  const stop = () => {
    done = true;
    clearInterval(timer);
  };
  return async () => stop();
}
