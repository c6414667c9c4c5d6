import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { migrate } from '../db/migrate';
import { openDatabase } from '../db/open';
import { entities } from '../entities';
import { createLogger } from '../shared/logger';
import { runCommand } from './run-command';

/** `npm run migrate`: applies pending migrations, for deployments that start with MIGRATE_ON_START=false. */
runCommand(async () => {
  const config = loadConfig();
  const database = await openDatabase(
    config.database,
    entities,
    createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel),
  );
  try {
    const applied = await migrate(database.orm, config.database);
    console.log(
      applied.length > 0
        ? `Applied ${applied.length} migration(s): ${applied.join(', ')}.`
        : 'The database is up to date.',
    );
  } finally {
    await database.close();
  }
});
