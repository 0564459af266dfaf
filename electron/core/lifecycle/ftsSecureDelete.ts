import type { Database } from 'better-sqlite3';
import { CONTACT_SEARCH_INDEXES } from '../contacts/searchIndexes.ts';

/**
 * Runs `fn` with the search index's secure-delete off, inside the caller's transaction.
 *
 * Why: FTS5 secure-delete rewrites every doclist a removed row appears in, which costs 1-10 ms per
 * contact (it grows with the index) and would make a bulk delete of 500,000 contacts take hours.
 * A soft delete erases nothing anyway (the contact row still holds every field until its purge), so
 * it only needs the fast 'delete' marker. Erasure happens at the purge: `eraseSearchRemnants` merges
 * the index so no segment keeps a purged contact's tokens, and secure_delete zeroes the freed pages.
 * The setting is restored before the transaction commits, so other writers keep secure-delete.
 */
export function withoutFtsSecureDelete<T>(db: Database, fn: () => T): T {
  const on = CONTACT_SEARCH_INDEXES.filter(
    (t) => db.prepare(`SELECT v FROM ${t}_config WHERE k = 'secure-delete'`).pluck().get() as number | undefined,
  );
  for (const t of on) db.prepare(`INSERT INTO ${t}(${t}, rank) VALUES ('secure-delete', 0)`).run();
  try {
    return fn();
  } finally {
    for (const t of on) db.prepare(`INSERT INTO ${t}(${t}, rank) VALUES ('secure-delete', 1)`).run();
  }
}
