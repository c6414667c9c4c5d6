import type { Db, Tx } from './handles';

export type DialectName = 'sqlite' | 'postgres';

/** Where SQLite and PostgreSQL differ in the statements the stores write by hand. */
export interface Dialect {
  readonly name: DialectName;
  /** A Date as a raw statement must bind it: SQLite's driver stores epoch milliseconds. */
  time(date: Date): Date | number;
  /** Appended to a select that claims rows, so that instances skip the rows another one holds. */
  readonly skipLocked: string;
  /**
   * Takes a lock named by `key` for the rest of the transaction, or answers false at once when
   * another instance holds it. SQLite serialises writers on its file, so there it always succeeds.
   */
  tryLock(tx: Tx, key: number): Promise<boolean>;
}

const sqlite: Dialect = {
  name: 'sqlite',
  time: (date) => date.getTime(),
  skipLocked: '',
  tryLock: async () => true,
};

const postgres: Dialect = {
  name: 'postgres',
  time: (date) => date,
  skipLocked: ' for update skip locked',
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
