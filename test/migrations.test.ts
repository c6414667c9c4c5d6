import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config/config';
import type { Database } from '../src/db/database';
import type { DatabaseConfig } from '../src/db/database-url';
import { migrate, pendingMigrations } from '../src/db/migrate';
import { migrationsFor } from '../src/db/migrations';
import { openDatabase } from '../src/db/open';
import { entities } from '../src/entities';
import { createLogger } from '../src/shared/logger';
import { testDialect, useTestDatabases } from './support/database';

describe('migrations', () => {
  const newDatabase = useTestDatabases();
  const open: Database[] = [];
  afterAll(async () => {
    await Promise.all(open.map((database) => database.close()));
  });
  const connect = async (url: string) => {
    const database = await openDatabase(loadConfig({ DATABASE_URL: url }).database, entities, createLogger('silent'));
    open.push(database);
    return database;
  };

  /** All migrate at once: every migration is applied by exactly one of them, the others find nothing to do. */
  async function migrateTogether(instances: Database[], config: DatabaseConfig) {
    const applied = await Promise.all(instances.map((database) => migrate(database.orm, config)));
    expect(applied.flat().sort()).toEqual(
      migrationsFor(testDialect)
        .map((migration) => migration.name)
        .sort(),
    );
    for (const database of instances) expect(await pendingMigrations(database)).toEqual([]);
  }

  /** Where no database is yet: a file in a directory not made yet, or a database the server does not have. */
  function missingDatabase(): { url: string; drop(): Promise<void> } {
    if (testDialect === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'avg-missing-'));
      return {
        url: `sqlite:${join(dir, 'not', 'yet', 'app.sqlite')}`,
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    }
    const url = new URL(inject('postgresUrl'));
    const name = `missing_${randomBytes(6).toString('hex')}`;
    url.pathname = `/${name}`;
    const drop = async () => {
      const admin = new Client({ connectionString: inject('postgresUrl') });
      await admin.connect();
      await admin.query(`drop database if exists "${name}" with (force)`).finally(() => admin.end());
    };
    return { url: url.toString(), drop };
  }

  it('create a database that does not exist yet, also when several instances start on it together', async () => {
    const { url, drop } = missingDatabase();
    const config = loadConfig({ DATABASE_URL: url }).database;
    const instances = await Promise.all([0, 1, 2].map(() => openDatabase(config, entities, createLogger('silent'))));
    try {
      await migrateTogether(instances, config);
    } finally {
      await Promise.all(instances.map((database) => database.close()));
      await drop();
    }
  });

  it('apply once when several instances migrate an empty database at the same moment', async () => {
    for (let round = 0; round < 3; round++) {
      const url = await newDatabase();
      const config = loadConfig({ DATABASE_URL: url }).database;
      const instances = await Promise.all([0, 1, 2, 3].map(() => connect(url)));
      // Asking what is pending creates nothing: that is the migrator's, under its lock.
      expect(await pendingMigrations(instances[0])).toEqual(
        migrationsFor(testDialect).map((migration) => migration.name),
      );
      await migrateTogether(instances, config);
    }
  });
});
