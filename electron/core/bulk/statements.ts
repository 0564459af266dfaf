import type { Database, Statement } from 'better-sqlite3';

const cache = new WeakMap<Database, Map<string, Statement>>();

/**
 * `sql` prepared once per connection. A bulk action runs the same dozen statements in every chunk,
 * thousands of times; preparing them each time was part of a chunk's fixed cost.
 */
export function cachedStatement(db: Database, sql: string): Statement {
  let byText = cache.get(db);
  if (!byText) cache.set(db, (byText = new Map()));
  let s = byText.get(sql);
  if (!s) byText.set(sql, (s = db.prepare(sql)));
  return s;
}
