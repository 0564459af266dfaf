import type { Database } from 'better-sqlite3';
import type { ContactFilter } from '../../../shared/contract.ts';
import { listSql } from '../contacts/listContacts.ts';

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
 * The live contacts a selection names: explicit ids (unknown or deleted ones left out, duplicates
 * once), or "all N matching" a filter, matched exactly as the contacts list matches it (the same
 * SQL), so what is deleted is what the user saw counted. Sorted by id. Used by the DELETE modal's
 * preview; a bulk delete snapshots its selection in slices (bulk/snapshot.ts).
 */
export function selectedLiveIds(db: Database, selection: Selection): string[] {
  if ('ids' in selection) {
    // One statement: the lookups run inside SQLite, not one call per id (20,000 ids: ~180 ms -> ~25 ms).
    return db
      .prepare(
        `SELECT DISTINCT c.id FROM json_each(?) j JOIN contacts c ON c.id = j.value
          WHERE c.deleted_at IS NULL ORDER BY c.id`,
      )
      .pluck()
      .all(JSON.stringify(selection.ids)) as string[];
  }
  const q = matchingSql(selection.filter, 'c.id');
  return q ? (db.prepare(`${q.sql} ORDER BY c.id`).pluck().all(q.params) as string[]) : [];
}

/**
 * The next `limit` live contacts matching a filter with a rowid in (after, until], in rowid order:
 * one slice of a bulk delete's "all N matching". Keyed on the word index's rowid for a word search,
 * which it reads in rowid order (keyed on the contact's, each slice matched and sorted every match).
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
