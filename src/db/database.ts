import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Dialect } from './handles';
import type { Db, Tx } from './handles';

/** The ORM, its dialect and the handles that stores run their statements through. */
export class Database {
  /** Statements outside any transaction: every use of `db.em` is a fresh fork. */
  readonly db: Db;

  constructor(
    readonly orm: MikroORM,
    readonly dialect: Dialect,
  ) {
    const root = () => orm.em.fork() as EntityManager;
    this.db = {
      dialect,
      get em() {
        return root();
      },
    };
  }

  /**
   * Runs `work` in a transaction and hands it the only handle that transactional writes accept.
   * On SQLite the transaction holds the one write connection, so a statement through any other
   * handle would wait for it until the pool gives up: write through `tx` and nothing else.
   *
   * Not `em.transactional` nor `em.commit`: both go through MikroORM's flush, which enters an
   * AsyncLocalStorage. On Node 20 the first AsyncLocalStorage.run() switches on promise hooks for
   * every promise the process makes from then on: after one signup, `me` lost a fifth of its
   * throughput (docs/BENCHMARKS.md).
   */
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const em = this.orm.em.fork() as EntityManager;
    const connection = em.getConnection('write');
    const trx = await connection.begin();
    em.setTransactionContext(trx);
    const hooks: (() => void)[] = [];
    const tx = { em, dialect: this.dialect, afterCommit: (hook: () => void) => hooks.push(hook) } as unknown as Tx;
    try {
      const result = await work(tx);
      await connection.commit(trx);
      for (const hook of hooks) hook();
      return result;
    } catch (error) {
      // The original error is the one worth reporting; a failed rollback ends with the connection anyway.
      await connection.rollback(trx).catch(() => undefined);
      throw error;
    }
  }

  close(): Promise<void> {
    return this.orm.close();
  }
}
