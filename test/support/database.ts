import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import type { DialectName } from '../../src/db/handles';
import { createDatabase } from './postgres-cluster';

/** The database of the file's Vitest project (vitest.config.mts); a worker only ever runs one project's files. */
export const testDialect: DialectName = process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A new, empty database of this run's dialect that several apps (or a restarted one, or a child
 * process) can share: a file in a fresh directory, or a fresh database on the suite's server.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDialect === 'postgres')
    return createDatabase(inject('postgresUrl'), `test_${randomBytes(6).toString('hex')}`);
  const dir = mkdtempSync(join(tmpdir(), 'avg-db-'));
  return { url: `sqlite:${join(dir, 'app.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A database for one app alone: in memory on SQLite, a fresh database on PostgreSQL. */
export async function createPrivateDatabase(): Promise<TestDatabase> {
  return testDialect === 'postgres' ? createTestDatabase() : { url: 'sqlite::memory:', drop: async () => undefined };
}

/** Call in a describe block: answers a function that makes databases, all dropped after the block. */
export function useTestDatabases(): () => Promise<string> {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(made.splice(0).map((database) => database.drop()));
  });
  return async () => {
    const database = await createTestDatabase();
    made.push(database);
    return database.url;
  };
}
