import type { Database } from 'better-sqlite3';

declare const insideTransaction: unique symbol;

/**
 * The connection while a transaction is open. Only inTx makes one, so a function that must run
 * inside a transaction (it writes part of a change whose other part must commit with it: an audit
 * row, a bulk chunk's items, a purge's tombstones) takes a Tx, and calling it outside one does not
 * compile.
 */
export type Tx = Database & { readonly [insideTransaction]: true };

/**
 * Runs `fn` in a transaction (BEGIN IMMEDIATE by default: a writer takes the lock up front instead
 * of failing half way). Inside another transaction it is a savepoint of that one.
 */
export function inTx<T>(db: Database, fn: (tx: Tx) => T, mode: 'immediate' | 'deferred' = 'immediate'): T {
  const run = db.transaction(() => fn(db as Tx));
  return mode === 'immediate' && !db.inTransaction ? run.immediate() : run();
}
