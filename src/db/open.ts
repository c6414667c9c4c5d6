import { MikroORM } from '@mikro-orm/core';
import type { Logger } from '../shared/logger';
import { Database } from './database';
import type { DatabaseConfig } from './database-url';
import { dialectOf } from './dialect';
import { ormOptions, postgresConnection, type EntityClasses } from './driver';
import { ensureDatabase } from './postgres';

/**
 * Connects to the configured database, creating it first when the server has none of that name
 * (SQLite creates its file by itself); migrations are a separate step (./migrate.ts).
 */
export async function openDatabase(config: DatabaseConfig, entities: EntityClasses, log: Logger): Promise<Database> {
  if (config.kind === 'postgres') {
    const connection = postgresConnection(config.url);
    if (await ensureDatabase(connection)) log.info({ database: connection.database }, 'created the database');
  }
  const orm = await MikroORM.init(ormOptions(config, entities, log));
  return new Database(orm, dialectOf(config.kind));
}
