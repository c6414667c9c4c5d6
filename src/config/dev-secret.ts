import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from './config';

/**
 * Without APP_SECRET, a development server makes a random secret once and keeps it beside its
 * SQLite file, so codes sent before a restart still work. Never in production, where config
 * validation requires APP_SECRET, never for an in-memory database, and never for PostgreSQL,
 * whose instances have no file to share (they log that APP_SECRET is missing).
 */
export function withDevelopmentSecret(config: Config): Config {
  const { database } = config;
  if (
    !config.appSecretGenerated ||
    config.nodeEnv === 'production' ||
    database.kind !== 'sqlite' ||
    database.path === ':memory:'
  )
    return config;
  const file = join(dirname(database.path), 'app-secret');
  mkdirSync(dirname(file), { recursive: true });
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  return { ...config, appSecret: readFileSync(file, 'utf8').trim(), appSecretGenerated: false, appSecretFile: file };
}
