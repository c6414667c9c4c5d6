import type { EntityManager } from '@mikro-orm/knex';
import type { Dialect } from './dialect';

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
}
