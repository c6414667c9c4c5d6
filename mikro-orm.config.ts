import 'reflect-metadata';
import { loadConfig } from './src/config';
import { ormOptions } from './src/db/orm-options';

/** For the MikroORM CLI (`npm run mikro-orm -- migration:create`); the app builds the same options in src/app.ts. */
export default ormOptions(loadConfig().databasePath);
