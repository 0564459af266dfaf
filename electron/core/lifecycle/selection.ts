import type { Database } from 'better-sqlite3';
import type { ContactFilter } from '../../../shared/contract.ts';
import { listSql } from '../contacts/listContacts.ts';

/** What a bulk delete names: explicit ids (unknown or deleted ones left out, duplicates once), or "all N matching" a filter. */
export type Selection = { ids: string[] } | { filter: ContactFilter };

/** The contacts list's WHERE for a filter, as a query of the matching contacts' `select` columns. */
function matchingSql(filter: ContactFilter, select: string) {
  const built = listSql({ ...filter });
  if (!built) return null;
  const { limit: _limit, offset: _offset, ...params } = built.params;
  const sql = built.countSql.replace(/^SELECT count\(\*\)/, `SELECT ${select}`);
  if (sql === built.countSql) throw new Error('the contacts list query changed shape');
  return { sql, params, words: /\bcontacts_fts f\b/.test(built.countSql) };
}

/**
 * The next `limit` live contacts matching a filter with a rowid in (after, until], in rowid order:
 * one slice of a bulk delete's (or its preview's) "all N matching", matched exactly as the contacts
 * list matches it (the same SQL), so what is deleted is what the user saw counted. Keyed on the word
 * index's rowid for a word search, which it reads in rowid order (keyed on the contact's, each slice
 * matched and sorted every match).
 */
export function matchingSlice(
  db: Database,
  filter: ContactFilter,
  after: number,
  until: number,
  limit: number,
): { rowid: number; id: string }[] {
  const q = matchingSql(filter, 'c.rowid AS rowid, c.id');
  if (!q) return [];
  const k = q.words ? 'f.rowid' : 'c.rowid';
  return db
    .prepare(`${q.sql} AND ${k} > @after AND ${k} <= @until ORDER BY ${k} LIMIT @limit`)
    .all({ ...q.params, after, until, limit }) as { rowid: number; id: string }[];
}
