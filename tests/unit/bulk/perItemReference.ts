import type { Database } from 'better-sqlite3';
import { OWNED_TABLES } from '../../../electron/core/lifecycle/ownedTables.ts';
import { ALREADY_DELETED_REASON } from '../../../electron/core/lifecycle/deleteRules.ts';
import { withoutFtsSecureDelete } from '../../../electron/core/lifecycle/ftsSecureDelete.ts';
import { conflictOf, SKIP_REASONS } from '../../../electron/core/lifecycle/restoreRules.ts';

// The test oracle: the lifecycle rules written the plain way, one contact and one SQL statement at a
// time, straight from DESIGN.md. The product runs them set-based (lifecycle/deleteRules.ts,
// restoreRules.ts); both must leave exactly the same rows and item states.

type Outcome = { state: 'done' } | { state: 'skipped'; code: string; reason: string };

/** Deletes one live contact and its still-live rows under deletion d; false when it is not live. */
function deleteContactRows(db: Database, contactId: string, d: string, at: number): boolean {
  if (db.prepare('UPDATE contacts SET deleted_at = ?, deletion_id = ? WHERE id = ? AND deleted_at IS NULL').run(at, d, contactId).changes === 0)
    return false;
  for (const { table } of OWNED_TABLES)
    db.prepare(`UPDATE ${table} SET deleted_at = ?, deletion_id = ? WHERE contact_id = ? AND deleted_at IS NULL`).run(at, d, contactId);
  return true;
}

/** Restores one contact from deletion d (or its own), one query at a time; the first holder of an email or phone wins. */
function restoreContactRows(db: Database, contactId: string, d: string | null): Outcome {
  const skip = (code: string, reason: string): Outcome => ({ state: 'skipped', code, reason });
  const row = db.prepare('SELECT id, email, phone_digits, deleted_at, deletion_id FROM contacts WHERE id = ?').get(contactId) as
    | { id: string; email: string | null; phone_digits: string | null; deleted_at: number | null; deletion_id: string | null }
    | undefined;
  if (!row)
    return db.prepare('SELECT 1 FROM purged_contacts WHERE contact_id = ?').get(contactId)
      ? skip('PURGED', SKIP_REASONS.PURGED)
      : skip('NOT_FOUND', SKIP_REASONS.NOT_FOUND);
  if (row.deleted_at === null) return skip('ALREADY_LIVE', SKIP_REASONS.ALREADY_LIVE);
  const from = d ?? row.deletion_id!;
  if (row.deletion_id !== from) return skip('DELETED_AGAIN', SKIP_REASONS.DELETED_AGAIN);
  const taken = (column: string, value: string | null, collate = '') =>
    value !== null &&
    db.prepare(`SELECT 1 FROM contacts WHERE ${column} = ? ${collate} AND deleted_at IS NULL AND id <> ?`).get(value, contactId) !== undefined;
  const clash = conflictOf(taken('email', row.email, 'COLLATE NOCASE'), taken('phone_digits', row.phone_digits));
  if (clash) return skip('CONFLICT', clash.reason);
  db.prepare('UPDATE contacts SET deleted_at = NULL, deletion_id = NULL WHERE id = ? AND deletion_id = ?').run(contactId, from);
  for (const { table } of OWNED_TABLES)
    db.prepare(`UPDATE ${table} SET deleted_at = NULL, deletion_id = NULL WHERE contact_id = ? AND deletion_id = ?`).run(contactId, from);
  return { state: 'done' };
}

/**
 * A bulk chunk item by item: every pending item in seq order, one contact at a time, each item marked
 * as it goes. The set-based chunk must leave exactly the rows and item states this leaves.
 */
export function runItemByItem(db: Database, actionId: string, at: number): void {
  const action = db.prepare('SELECT type, deletion_id FROM bulk_actions WHERE id = ?').get(actionId) as {
    type: 'delete' | 'restore';
    deletion_id: string;
  };
  const items = db
    .prepare("SELECT seq, contact_id FROM bulk_action_items WHERE action_id = ? AND state = 'pending' ORDER BY seq")
    .all(actionId) as { seq: number; contact_id: string | null }[];
  const mark = db.prepare(
    'UPDATE bulk_action_items SET state = ?, code = ?, reason = ? WHERE action_id = ? AND seq = ?',
  );
  const deleteItem = (contactId: string | null): Outcome => {
    if (contactId && deleteContactRows(db, contactId, action.deletion_id, at)) return { state: 'done' };
    const row = db.prepare('SELECT deleted_at FROM contacts WHERE id = ?').get(contactId);
    if (row) return { state: 'skipped', code: 'ALREADY_DELETED', reason: ALREADY_DELETED_REASON };
    return { state: 'skipped', code: 'NOT_FOUND', reason: SKIP_REASONS.NOT_FOUND };
  };
  db.transaction(() =>
    withoutFtsSecureDelete(db, () => {
      for (const { seq, contact_id } of items) {
        const o = action.type === 'delete' ? deleteItem(contact_id) : restoreContactRows(db, contact_id ?? '', action.deletion_id);
        if (o.state === 'skipped') mark.run('skipped', o.code, o.reason, actionId, seq);
        else mark.run('done', null, null, actionId, seq);
      }
    }),
  )();
}

/** The Restore tab's restore, contact by contact in the order given, each from its own deletion. */
export function restoreEachItemByItem(db: Database, ids: readonly string[]): Outcome[] {
  return db.transaction(() => [...new Set(ids)].map((id) => restoreContactRows(db, id, null)))();
}
