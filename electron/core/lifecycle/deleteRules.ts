import { cachedStatement } from '../db/statements.ts';
import type { ContactSet } from '../contacts/contactSet.ts';
import { OWNED_TABLES } from './ownedTables.ts';
import type { Tx } from '../db/tx.ts';

// The delete rule, in one place: the single delete, the bulk delete's chunks and the per-item test
// oracle all agree on it; the first two run these statements, over a set of one or of thousands.

export const ALREADY_DELETED_REASON = 'it was already deleted';

/** The delete's statements over a set of contacts (contactSet.ts). */
export const deleteStatements = (set: string) => [
  `UPDATE contacts SET deleted_at = @at, deletion_id = @d WHERE id IN (${set}) AND deleted_at IS NULL`,
  // Only rows still live: a row deleted before keeps its own deletion, so this deletion's restore leaves it deleted.
  ...OWNED_TABLES.map(
    ({ table }) => `UPDATE ${table} SET deleted_at = @at, deletion_id = @d WHERE contact_id IN (${set}) AND deleted_at IS NULL`,
  ),
];

/**
 * Deletes live contacts under deletion D: sets `deleted_at = at, deletion_id = D` on each contact
 * and on every row of its that is still live. Nothing else changes (not even updated_at), so a
 * restore puts every row back exactly as it was. Returns how many contacts it deleted (contacts
 * already deleted are left as they are). Run inside a transaction, with the search index's
 * secure-delete off (withoutFtsSecureDelete), after judging which contacts are live.
 */
export function deleteUnderDeletion(db: Tx, set: ContactSet, deletionId: string, at: number): number {
  const [contacts, ...owned] = deleteStatements(set.sql);
  const p = { ...set.params, d: deletionId, at };
  const n = cachedStatement(db, contacts!).run(p).changes;
  for (const sql of owned) cachedStatement(db, sql).run(p);
  return n;
}
