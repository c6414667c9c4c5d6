import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { FlushMode, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import type { ClientConfig } from 'pg';
import { parse as parsePostgresUrl } from 'pg-connection-string';
import { describeError } from '../shared/describe-error';
import type { Logger } from '../shared/logger';
import type { DatabaseConfig } from './database-url';
import { migrationsFor } from './migrations';

/** The tables' entity classes: the application names them, the database layer knows none. */
export type EntityClasses = NonNullable<Options['entities']>;

/**
 * The one place that picks a driver: everything else speaks to `@mikro-orm/core` and
 * `@mikro-orm/knex`, and SQL that differs between the two lives in ./dialect.ts.
 */
export function ormOptions(database: DatabaseConfig, entities: EntityClasses, log?: Logger): Options {
  const common: Options = {
    entities,
    extensions: [Migrator],
    migrations: {
      path: `src/db/migrations/${database.kind}`,
      emit: 'ts',
      migrationsList: migrationsFor(database.kind),
      snapshot: false,
      transactional: true,
      allOrNothing: true,
    },
    // Entities declare every column type, so discovery needs no TypeScript reflection.
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    forceUtcTimezone: true,
    // Writes are explicit native statements. Auto-flush before a query would flush an entity a
    // resolver changed in memory (`user.verified = true`), and every flush enters an
    // AsyncLocalStorage, which on Node 20 slows the whole process (src/db/database.ts).
    flushMode: FlushMode.COMMIT,
    allowGlobalContext: false,
    debug: false,
    ...(log ? { logger: (message: string) => log.debug(message) } : {}),
  };
  const driverLog = log ? { log: knexLog(log) } : {};
  return database.kind === 'sqlite'
    ? { ...common, ...sqliteOptions(database.path), driverOptions: driverLog }
    : { ...common, ...postgresOptions(database, driverLog) };
}

/**
 * knex prints what it notices itself ("Connection Error: Connection ended unexpectedly" when a
 * pooled connection died with a PostgreSQL restart) with console.log, unless given functions: so
 * that every line the server writes is one JSON object, they are log lines, without any object's
 * contents (its debug objects carry statement values).
 */
function knexLog(log: Logger) {
  const text = (message: unknown) => (typeof message === 'string' ? message : describeError(message));
  return {
    debug: (message: unknown) => log.debug({ from: 'knex' }, text(message)),
    warn: (message: unknown) => log.warn({ from: 'knex' }, text(message)),
    error: (message: unknown) => log.error({ from: 'knex' }, text(message)),
    deprecate: (message: unknown) => log.debug({ from: 'knex' }, text(message)),
  };
}

function sqliteOptions(path: string): Options {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return {
    driver: SqliteDriver,
    dbName: path,
    pool: { afterCreate: tuneSqliteConnection },
    // A second connection for reads that must not queue behind writes (session lookups); WAL lets
    // it read while the first writes. Only for a file: each ':memory:' connection is its own database.
    replicas: path === ':memory:' ? [] : [{ name: 'read', dbName: path }],
    preferReadReplicas: false,
  };
}

function postgresOptions(database: Extract<DatabaseConfig, { kind: 'postgres' }>, driverLog: object): Options {
  const connection = postgresConnection(database.url);
  return {
    driver: PostgreSqlDriver,
    clientUrl: database.url,
    dbName: connection.database,
    pool: { min: 0, max: database.poolMax },
    driverOptions: { connection, ...driverLog },
    // openDatabase creates it (./postgres.ts): MikroORM's own attempt connects to the database it is creating, through `connection`.
    ensureDatabase: false,
  };
}

/**
 * A PostgreSQL URL as pg connects to it. MikroORM reads host, user and database from the URL but
 * drops its query; pg's own parser keeps `sslmode` (as `ssl`) and `host=/socket/dir`. The pool and
 * the dedicated connections (migration lock, notifications) all connect with this.
 */
export function postgresConnection(url: string): ClientConfig {
  // Every setting the URL carries (options=-c search_path=…, application_name, connect_timeout …), not only the address.
  const { ssl, host, port, database, ...rest } = parsePostgresUrl(url);
  const settings = Object.fromEntries(
    Object.entries(rest).filter(([, value]) => value !== null && value !== undefined),
  );
  return {
    ...settings,
    host: host ?? undefined,
    port: port ? Number(port) : undefined,
    database: database ?? undefined,
    ...(ssl === undefined || ssl === null ? {} : { ssl: ssl as ClientConfig['ssl'] }),
  } as ClientConfig;
}

/**
 * WAL lets readers run beside the writer, and synchronous=NORMAL syncs at checkpoints rather than
 * at every commit (safe in WAL: a power cut can lose the last commits, never corrupt the file).
 * Set on each new connection, so a pool that replaces its connection keeps them. Switching a new
 * file to WAL takes a lock that SQLite refuses at once, without waiting out busy_timeout, while
 * another process opening the same file holds it: so a busy refusal is tried again, for a while.
 */
function tuneSqliteConnection(
  connection: { exec(sql: string, done: (error: Error | null) => void): void },
  done: (error: Error | null, connection: unknown) => void,
) {
  const attempt = (left: number) =>
    connection.exec(
      'pragma busy_timeout = 5000; pragma foreign_keys = on; pragma journal_mode = wal; pragma synchronous = normal;',
      (error) => {
        if (error && left > 0 && /SQLITE_BUSY/.test(error.message))
          return void setTimeout(() => attempt(left - 1), 20 + Math.random() * 30);
        done(error, connection);
      },
    );
  attempt(100);
}
