import type { Database, Statement } from 'better-sqlite3';
import { withoutFtsSecureDelete } from './ftsSecureDelete.ts';
import { OWNED_TABLES } from './ownedTables.ts';

const cache = new WeakMap<Database, { contact: Statement; owned: Statement[] }>();
function statements(db: Database) {
  let s = cache.get(db);
  if (!s) {
    s = {
      contact: db.prepare('UPDATE contacts SET deleted_at = ?, deletion_id = ? WHERE id = ? AND deleted_at IS NULL'),
      owned: OWNED_TABLES.map(({ table }) =>
        db.prepare(`UPDATE ${table} SET deleted_at = ?, deletion_id = ? WHERE contact_id = ? AND deleted_at IS NULL`),
      ),
    };
    cache.set(db, s);
  }
  return s;
}

/**
 * Deletes one live contact under deletion `deletionId`: the contact and every related row of
 * its that is still live. Rows already deleted keep their own deletion, so a restore of this
 * deletion will leave them deleted. Nothing else changes (not even updated_at), so a restore
 * puts every row back exactly as it was. Run inside a transaction, through deleteManyContactRows
 * (or withoutFtsSecureDelete) so the search index is not rewritten per row. Returns false, changing
 * nothing, when the contact is not live.
 */
export function deleteContactRows(db: Database, contactId: string, deletionId: string, at: number): boolean {
  const s = statements(db);
  if (s.contact.run(at, deletionId, contactId).changes === 0) return false;
  for (const stmt of s.owned) stmt.run(at, deletionId, contactId);
  return true;
}

/** Deletes many contacts under one deletion (see deleteContactRows); returns which were live and are now deleted. */
export function deleteManyContactRows(db: Database, contactIds: readonly string[], deletionId: string, at: number): boolean[] {
  return withoutFtsSecureDelete(db, () => contactIds.map((id) => deleteContactRows(db, id, deletionId, at)));
}
