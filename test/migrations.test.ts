import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import type { Database } from '../src/db/database';
import { migrate, pendingMigrations } from '../src/db/migrate';
import { migrationsFor } from '../src/db/migrations';
import { openDatabase } from '../src/db/open';
import { createLogger } from '../src/shared/logger';
import { testDialect, useTestDatabases } from './support/database';

describe('migrations', () => {
  const newDatabase = useTestDatabases();
  const open: Database[] = [];
  afterAll(async () => {
    await Promise.all(open.map((database) => database.close()));
  });
  const connect = async (url: string) => {
    const database = await openDatabase(loadConfig({ DATABASE_URL: url }).database, createLogger('silent'));
    open.push(database);
    return database;
  };

  it('apply once when several instances migrate an empty database at the same moment', async () => {
    for (let round = 0; round < 3; round++) {
      const url = await newDatabase();
      const config = loadConfig({ DATABASE_URL: url }).database;
      const instances = await Promise.all([0, 1, 2, 3].map(() => connect(url)));
      // Asking what is pending creates nothing: that is the migrator's, under its lock.
      expect(await pendingMigrations(instances[0])).toEqual(migrationsFor(testDialect).map((migration) => migration.name));
      const applied = await Promise.all(instances.map((database) => migrate(database.orm, config)));
      // Every migration was applied by exactly one of them; the others found nothing to do.
      expect(applied.flat().sort()).toEqual(
        migrationsFor(testDialect)
          .map((migration) => migration.name)
          .sort(),
      );
      for (const database of instances) expect(await pendingMigrations(database)).toEqual([]);
    }
  });
});
