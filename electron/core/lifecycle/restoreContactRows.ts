import type { Database, Statement } from 'better-sqlite3';
import { OWNED_TABLES } from './ownedTables.ts';
import { findConflict } from './conflicts.ts';

export interface RestoreSkip {
  id: string;
  code: 'PURGED' | 'NOT_FOUND' | 'CONFLICT' | 'ALREADY_LIVE' | 'DELETED_AGAIN';
  reason: string;
}
export type RestoreOutcome = { restored: true } | { restored: false; skip: RestoreSkip };

export const SKIP_REASONS = {
  PURGED: 'it was purged for good and cannot be restored',
  NOT_FOUND: 'no contact with this id ever existed here',
  ALREADY_LIVE: 'it is not deleted: nothing to restore',
  DELETED_AGAIN: 'it was restored and deleted again since; restore it from its newer deletion',
} as const;

const cache = new WeakMap<Database, { get: Statement; purged: Statement; contact: Statement; owned: Statement[] }>();
function statements(db: Database) {
  let s = cache.get(db);
  if (!s) {
    s = {
      get: db.prepare('SELECT id, email, phone_digits, deleted_at, deletion_id FROM contacts WHERE id = ?'),
      purged: db.prepare('SELECT 1 FROM purged_contacts WHERE contact_id = ?'),
      contact: db.prepare('UPDATE contacts SET deleted_at = NULL, deletion_id = NULL WHERE id = ? AND deletion_id = ?'),
      owned: OWNED_TABLES.map(({ table }) =>
        db.prepare(`UPDATE ${table} SET deleted_at = NULL, deletion_id = NULL WHERE contact_id = ? AND deletion_id = ?`),
      ),
    };
    cache.set(db, s);
  }
  return s;
}

interface Row {
  id: string;
  email: string | null;
  phone_digits: string | null;
  deleted_at: number | null;
  deletion_id: string | null;
}

/**
 * Restores contact `contactId` from deletion `deletionId` (or from whatever deletion removed it,
 * when none is given): clears both columns on the contact and on exactly its rows with that
 * deletion_id. Rows deleted separately before keep their own deletion and stay deleted.
 * A purged, unknown, live or conflicting contact is skipped with its reason and nothing changes.
 * Run inside a transaction.
 */
export function restoreContactRows(db: Database, contactId: string, deletionId?: string): RestoreOutcome {
  const s = statements(db);
  const row = s.get.get(contactId) as Row | undefined;
  const skip = (code: RestoreSkip['code'], reason: string): RestoreOutcome => ({
    restored: false,
    skip: { id: contactId, code, reason },
  });
  if (!row) return s.purged.get(contactId) ? skip('PURGED', SKIP_REASONS.PURGED) : skip('NOT_FOUND', SKIP_REASONS.NOT_FOUND);
  if (row.deleted_at === null) return skip('ALREADY_LIVE', SKIP_REASONS.ALREADY_LIVE);
  const from = deletionId ?? row.deletion_id;
  if (row.deletion_id !== from) return skip('DELETED_AGAIN', SKIP_REASONS.DELETED_AGAIN);
  const conflict = findConflict(db, row);
  if (conflict) return skip('CONFLICT', conflict.reason);
  s.contact.run(contactId, from);
  for (const stmt of s.owned) stmt.run(contactId, from);
  return { restored: true };
}
