import type { EntityManager } from '@mikro-orm/sqlite';

/**
 * Runs `work` in a transaction on a fork of `em`. `work` writes with native statements (insert,
 * nativeUpdate) on `tx` and nothing else: SQLite has one write connection, which the transaction
 * holds, so a statement through any other EntityManager (or a service built on one) waits for it
 * until the pool gives up. Inside a transaction already, this one becomes a savepoint.
 *
 * Not `em.transactional` nor `em.commit`: both go through MikroORM's flush, which enters an
 * AsyncLocalStorage. On Node 20 the first AsyncLocalStorage.run() switches on promise hooks for
 * every promise the process makes from then on: after one signup, `me` lost a fifth of its
 * throughput (docs/BENCHMARKS.md).
 */
export async function inTransaction<T>(em: EntityManager, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  const connection = em.getConnection('write');
  const trx = await connection.begin({ ctx: em.getTransactionContext() });
  const tx = em.fork({ clear: false });
  tx.setTransactionContext(trx);
  try {
    const result = await work(tx);
    await connection.commit(trx);
    return result;
  } catch (error) {
    // The original error is the one worth reporting; a failed rollback ends with the connection anyway.
    await connection.rollback(trx).catch(() => undefined);
    throw error;
  }
}
