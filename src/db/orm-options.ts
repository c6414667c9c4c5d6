import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, FlushMode, type Options } from '@mikro-orm/sqlite';
import { RateLimitCounter } from '../abuse/rate-limit-counter.entity';
import { User } from '../accounts/user.entity';
import { Session } from '../sessions/session.entity';
import { OutboxMessage } from '../sms/outbox/outbox-message.entity';
import { QueuedSms } from '../sms/queue/queued-sms.entity';
import { SmsDeliveryAttempt } from '../sms/queue/sms-delivery-attempt.entity';
import { VerificationCode } from '../verification/local/verification-code.entity';
import { migrations } from './migrations';

export const entities = [User, Session, VerificationCode, OutboxMessage, QueuedSms, SmsDeliveryAttempt, RateLimitCounter];

/** One set of ORM options for the app and the MikroORM CLI (mikro-orm.config.ts). */
export function ormOptions(databasePath: string, logger?: (message: string) => void): Options {
  if (databasePath !== ':memory:') mkdirSync(dirname(databasePath), { recursive: true });
  return defineConfig({
    dbName: databasePath,
    entities,
    extensions: [Migrator],
    migrations: {
      path: 'src/db/migrations',
      pathTs: 'src/db/migrations',
      emit: 'ts',
      migrationsList: migrations,
      snapshot: false,
      transactional: true,
      allOrNothing: true,
    },
    // Entities declare every column type, so discovery needs no TypeScript reflection.
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    pool: { afterCreate: tuneConnection },
    // A second connection for reads that must not queue behind writes (session lookups); WAL lets
    // it read while the first writes. Only for a file: each ':memory:' connection is its own database.
    replicas: databasePath === ':memory:' ? [] : [{ name: 'read', dbName: databasePath }],
    preferReadReplicas: false,
    forceUtcTimezone: true,
    // Writes are explicit native statements. Auto-flush before a query would flush an entity a
    // resolver changed in memory (`user.verified = true`), and every flush enters an
    // AsyncLocalStorage, which on Node 20 slows the whole process (src/db/transaction.ts).
    flushMode: FlushMode.COMMIT,
    allowGlobalContext: false,
    debug: false,
    ...(logger ? { logger } : {}),
  });
}

/**
 * WAL lets readers run beside the writer, and synchronous=NORMAL syncs at checkpoints rather than
 * at every commit (safe in WAL: a power cut can lose the last commits, never corrupt the file).
 * Set on each new connection, so a pool that replaces its connection keeps them.
 */
function tuneConnection(connection: { exec(sql: string, done: (error: Error | null) => void): void }, done: (error: Error | null, connection: unknown) => void) {
  connection.exec('pragma foreign_keys = on; pragma journal_mode = wal; pragma synchronous = normal; pragma busy_timeout = 5000;', (error) => done(error, connection));
}
