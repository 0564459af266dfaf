import type { Database } from 'better-sqlite3';
import type { ContactFilter } from '../../../shared/contract.ts';
import { contactMatch } from '../contacts/listContacts.ts';
import { cachedStatement } from '../db/statements.ts';

/** What a bulk delete names: explicit ids (unknown or deleted ones left out, duplicates once), or "all N matching" a filter. */
export type Selection = { ids: string[] } | { filter: ContactFilter };

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
  const m = contactMatch(filter);
  if (!m) return [];
  const k = m.joinsWords ? 'f.rowid' : 'c.rowid';
  return cachedStatement(
    db,
    `SELECT c.rowid AS rowid, c.id FROM ${m.from} WHERE ${m.where} AND ${k} > @after AND ${k} <= @until ORDER BY ${k} LIMIT @limit`,
  ).all({ ...m.params, after, until, limit }) as { rowid: number; id: string }[];
}
