import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/sqlite';
import { Housekeeping } from '../abuse/housekeeping';
import { RateLimiter } from '../abuse/rate-limiter';
import { ConfigError, loadConfig } from '../config';
import { ormOptions } from '../db/orm-options';
import { systemClock } from '../shared/clock';
import { createLogger } from '../shared/logger';

/** `npm run cleanup`: what the server's hourly job does, on demand (say, from cron). */
async function cleanup(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const orm = await MikroORM.init(ormOptions(config.databasePath, (message) => log.debug(message)));
  try {
    await orm.migrator.up();
    const housekeeping = new Housekeeping(orm.em, new RateLimiter(orm.em, systemClock), systemClock, log, config.staleRegistrationMs);
    const { staleRegistrations } = await housekeeping.run();
    const days = config.staleRegistrationMs / 86_400_000;
    console.log(`Removed ${staleRegistrations} unverified registration(s) older than ${days} day(s).`);
  } finally {
    await orm.close();
  }
}

cleanup().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
