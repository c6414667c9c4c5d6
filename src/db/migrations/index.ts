import type { DialectName } from '../handles';
import { postgresMigrations } from './postgres';
import { sqliteMigrations } from './sqlite';

/**
 * One set per dialect, each generated from the entities by `npm run migration:create` against
 * that database and listed by hand in its index.ts, so migrations run the same under swc, vitest
 * and a build, with no file globbing.
 */
export function migrationsFor(dialect: DialectName) {
  return dialect === 'sqlite' ? sqliteMigrations : postgresMigrations;
}
