import type { EntityManager } from '@mikro-orm/knex';

declare const inTransaction: unique symbol;

/** Runs statements; outside a transaction, each one commits on its own. */
export interface Db {
  /** A fresh EntityManager for each use of the root handle; in a transaction, the transaction's. */
  readonly em: EntityManager;
  readonly dialect: Dialect;
}

/**
 * Runs statements inside a transaction begun by Database.transaction(). Writes that must commit
 * or roll back together with others (the verified flag, the session, the queued confirmation)
 * require a Tx, so calling them outside a transaction does not type-check.
 */
export interface Tx extends Db {
  readonly [inTransaction]: true;
  /** Runs `hook` once the transaction has committed; never if it rolls back. */
  afterCommit(hook: () => void): void;
}

/** Runs `hook` when what `db` wrote is committed: at once outside a transaction, after the commit inside one. */
export function whenCommitted(db: Db, hook: () => void): void {
  if ('afterCommit' in db) (db as Tx).afterCommit(hook);
  else hook();
}

export type DialectName = 'sqlite' | 'postgres';

/** Where SQLite and PostgreSQL differ in the statements the stores write by hand. */
export interface Dialect {
  readonly name: DialectName;
  /** A Date as a raw statement must bind it: SQLite's driver stores epoch milliseconds. */
  time(date: Date): Date | number;
  /** Appended to a select that claims rows, so that instances skip the rows another one holds. */
  readonly skipLocked: string;
  /**
   * Appended to a select of the parent row that an `insert ... select` writes a child for: on
   * PostgreSQL a delete of the parent under way is waited for and seen, and one that comes later
   * waits for the insert. SQLite serialises writers on its file.
   */
  readonly lockParent: string;
  /** A parameter in an `insert ... select`, where PostgreSQL gives it no column's type unless named. */
  param(type: 'uuid' | 'timestamptz'): string;
  /**
   * Takes a lock named by `key` for the rest of the transaction, or answers false at once when
   * another instance holds it. SQLite serialises writers on its file, so there it always succeeds.
   */
  tryLock(tx: Tx, key: number): Promise<boolean>;
}
