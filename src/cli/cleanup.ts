import 'reflect-metadata';
import { housekeepingFor } from '../jobs/housekeeping';
import { loadConfig } from '../config/config';
import { migrate } from '../db/migrate';
import { openDatabase } from '../db/open';
import { entities } from '../entities';
import { systemClock } from '../shared/clock';
import { createLogger } from '../shared/logger';
import { runCommand } from './run-command';

/** `npm run cleanup`: what the server's hourly job does, on demand (say, from cron). */
runCommand(async () => {
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const database = await openDatabase(config.database, entities, log);
  try {
    await migrate(database.orm, config.database);
    const housekeeping = housekeepingFor({ config, database, clock: systemClock, log });
    const result = await housekeeping.run();
    const days = config.staleRegistrationMs / 86_400_000;
    console.log(
      result
        ? `Removed ${result.staleRegistrations} unverified registration(s) older than ${days} day(s).`
        : 'Another instance is cleaning up right now; nothing was done.',
    );
  } finally {
    await database.close();
  }
});
