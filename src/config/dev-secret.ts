import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, type Config } from './config';

/**
 * Without APP_SECRET, a development server makes a random secret once and keeps it beside its
 * SQLite file, so codes sent before a restart still work. Never in production, where config
 * validation requires APP_SECRET, and never for an in-memory database. PostgreSQL is refused:
 * its instances have no file to share, and each would reject the codes the others sent.
 */
export function withDevelopmentSecret(config: Config): Config {
  const { database } = config;
  if (!config.appSecretGenerated || config.nodeEnv === 'production') return config;
  if (database.kind === 'postgres')
    throw new ConfigError([
      'APP_SECRET: required with a PostgreSQL DATABASE_URL, in development too: every instance on the database must share it to check the codes the others sent (e.g. `openssl rand -base64 48`)',
    ]);
  if (database.path === ':memory:') return config;
  const file = join(dirname(database.path), 'app-secret');
  mkdirSync(dirname(file), { recursive: true });
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  return { ...config, appSecret: readFileSync(file, 'utf8').trim(), appSecretGenerated: false, appSecretFile: file };
}
