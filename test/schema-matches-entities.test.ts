import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config';
import type { Database } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { openDatabase } from '../src/db/open';
import { entities } from '../src/entities';
import { createLogger } from '../src/shared/logger';
import { useTestDatabases } from './support/database';

/**
 * Migrations are written by hand, entities describe what the code reads and writes: a column,
 * index or constraint in one and not the other goes unnoticed until a statement meets it. After
 * every migration, MikroORM's schema diff against the entities must be empty.
 */
describe('the migrated schema', () => {
  const newDatabase = useTestDatabases();
  let database: Database | undefined;
  afterAll(async () => {
    await database?.close();
  });

  it('is what the entities describe, column for column, index for index', async () => {
    const config = loadConfig({ DATABASE_URL: await newDatabase() }).database;
    database = await openDatabase(config, entities, createLogger('silent'));
    await migrate(database.orm, config);
    const difference = await database.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(difference.trim()).toBe('');
  });
});
