import type { Database } from 'better-sqlite3';
import { deleteContactRows } from '../../../electron/core/lifecycle/deleteContactRows.ts';
import { withoutFtsSecureDelete } from '../../../electron/core/lifecycle/ftsSecureDelete.ts';
import { restoreContactRows, SKIP_REASONS } from '../../../electron/core/lifecycle/restoreContactRows.ts';

type Outcome = { state: 'done' } | { state: 'skipped'; code: string; reason: string };

/**
 * The bulk chunk as it ran before it was set-based: every pending item in seq order, one contact at
 * a time through deleteContactRows / restoreContactRows, each item marked as it goes. The set-based
 * chunk must leave exactly the rows and item states this leaves.
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
    if (row) return { state: 'skipped', code: 'ALREADY_DELETED', reason: 'it was already deleted' };
    return { state: 'skipped', code: 'NOT_FOUND', reason: SKIP_REASONS.NOT_FOUND };
  };
  const restoreItem = (contactId: string | null): Outcome => {
    const o = restoreContactRows(db, contactId ?? '', action.deletion_id);
    return o.restored ? { state: 'done' } : { state: 'skipped', code: o.skip.code, reason: o.skip.reason };
  };
  db.transaction(() =>
    withoutFtsSecureDelete(db, () => {
      for (const { seq, contact_id } of items) {
        const o = action.type === 'delete' ? deleteItem(contact_id) : restoreItem(contact_id);
        if (o.state === 'skipped') mark.run('skipped', o.code, o.reason, actionId, seq);
        else mark.run('done', null, null, actionId, seq);
      }
    }),
  )();
}
