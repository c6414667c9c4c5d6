import type { Db, Dialect, DialectName } from './handles';

const sqlite: Dialect = {
  name: 'sqlite',
  time: (date) => date.getTime(),
  skipLocked: '',
  lockParent: '',
  param: () => '?',
  tryLock: async () => true,
};

const postgres: Dialect = {
  name: 'postgres',
  time: (date) => date,
  skipLocked: ' for update skip locked',
  lockParent: ' for key share',
  param: (type) => `cast(? as ${type})`,
  async tryLock(tx, key) {
    const [row] = await execute<{ locked: boolean }[]>(tx, 'select pg_try_advisory_xact_lock(?) as locked', [key]);
    return row.locked;
  },
};

export function dialectOf(name: DialectName): Dialect {
  return name === 'sqlite' ? sqlite : postgres;
}

/** Runs a hand-written statement through the handle's connection, in its transaction if it has one. */
export function execute<T = Record<string, unknown>[]>(
  db: Db,
  sql: string,
  params: unknown[] = [],
  method: 'all' | 'run' = 'all',
): Promise<T> {
  return converted(
    db,
    async (em) => (await em.getConnection().execute(sql, params, method, em.getTransactionContext())) as T,
  );
}

/**
 * Runs statements the ORM's entity methods do not make (a query builder's, a raw one's) so that they
 * fail as the ORM's own do: with a DriverException, which the logger knows to strip of the
 * statement the values were written into. A query builder's error is the driver's, message whole.
 */
export async function converted<T>(db: Db, work: (em: Db['em']) => Promise<T>): Promise<T> {
  const em = db.em;
  try {
    return await work(em);
  } catch (error) {
    throw error instanceof Error ? em.getDriver().convertException(error) : error;
  }
}
