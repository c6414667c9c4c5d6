import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config';

/**
 * Without APP_SECRET, a development server makes a random secret once and keeps it beside its
 * SQLite file, so codes sent before a restart still work. Never in production, where config
 * validation requires APP_SECRET, and never for an in-memory database.
 */
export function withDevelopmentSecret(config: Config): Config {
  if (!config.appSecretGenerated || config.nodeEnv === 'production' || config.databasePath === ':memory:') return config;
  const file = join(dirname(config.databasePath), 'app-secret');
  mkdirSync(dirname(file), { recursive: true });
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  return { ...config, appSecret: readFileSync(file, 'utf8').trim(), appSecretGenerated: false, appSecretFile: file };
}
