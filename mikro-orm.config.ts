import 'reflect-metadata';
import { loadConfig } from './src/config/config';
import { ormOptions } from './src/db/driver';
import { entities } from './src/entities';

/**
 * For the MikroORM CLI (`npm run migration:create`), on the database DATABASE_URL names: run it
 * once against SQLite and once against PostgreSQL, as each dialect keeps its own migrations.
 */
export default ormOptions(loadConfig().database, entities);
