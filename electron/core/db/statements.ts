import type { Database, Statement } from 'better-sqlite3';

const cache = new WeakMap<Database, Map<string, Statement>>();

/**
 * The prepared statement for `sql` on this connection, prepared once. Preparing costs more than
 * running a small statement (about 0.2 ms against this schema), which an import of thousands of
 * contacts would pay on every row and a bulk action in every one of its thousands of chunks.
 * Statements from here must not be switched to pluck/raw/expand mode: the next caller gets them as set.
 */
export function cachedStatement(db: Database, sql: string): Statement {
  let map = cache.get(db);
  if (!map) cache.set(db, (map = new Map()));
  let stmt = map.get(sql);
  if (!stmt) map.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}
