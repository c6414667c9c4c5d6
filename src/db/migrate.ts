import { TableNotFoundException, type MikroORM } from '@mikro-orm/core';
import type { Database } from './database';
import { execute } from './dialect';
import { migrationsFor } from './migrations';
import type { DatabaseConfig } from './database-url';
import { postgresConnection } from './driver';
import { LOCK_KEYS, withAdvisoryLock } from './postgres';

const SQLITE_ATTEMPTS = 10;

/**
 * Applies pending migrations so that several instances starting together on an empty database
 * all come up: on PostgreSQL one at a time under an advisory lock (the others then find nothing
 * to do); on SQLite by trying again when another process holds the file or created a table first.
 * Answers the names of the migrations this call applied.
 */
export async function migrate(orm: MikroORM, database: DatabaseConfig): Promise<string[]> {
  const up = async () => (await orm.getMigrator().up()).map((migration) => migration.name);
  if (database.kind === 'postgres') return withAdvisoryLock(postgresConnection(database.url), LOCK_KEYS.migrations, up);
  for (let attempt = 1; ; attempt++) {
    try {
      return await up();
    } catch (error) {
      if (attempt >= SQLITE_ATTEMPTS || !isContention(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 50));
    }
  }
}

/**
 * Names of the migrations not applied yet, read from the migrator's table rather than asked of the
 * migrator, which would create that table first: DDL outside the lock, racing `npm run migrate`.
 */
export async function pendingMigrations(database: Database): Promise<string[]> {
  const known = migrationsFor(database.dialect.name).map((migration) => migration.name);
  let applied: string[];
  try {
    applied = (await execute<{ name: string }[]>(database.db, 'select name from mikro_orm_migrations')).map(
      (row) => row.name,
    );
  } catch (error) {
    // No table yet: nothing is applied.
    if (!(error instanceof TableNotFoundException)) throw error;
    applied = [];
  }
  return known.filter((name) => !applied.includes(name));
}

function isContention(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /SQLITE_BUSY|database is locked|already exists/i.test(message);
}
