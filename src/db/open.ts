import { MikroORM } from '@mikro-orm/core';
import type { Logger } from '../shared/logger';
import { Database } from './database';
import type { DatabaseConfig } from './database-url';
import { dialectOf } from './dialect';
import { ormOptions } from './driver';

/** Connects to the configured database; migrations are a separate step (./migrate.ts). */
export async function openDatabase(config: DatabaseConfig, log: Logger): Promise<Database> {
  const orm = await MikroORM.init(ormOptions(config, (message) => log.debug(message)));
  return new Database(orm, dialectOf(config.kind));
}
