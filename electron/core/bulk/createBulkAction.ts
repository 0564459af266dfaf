import type { Database } from 'better-sqlite3';
import type { BulkActionType } from '../../../shared/domain.ts';
import { newId } from '../ids.ts';

/**
 * Creates a queued bulk action; the caller then snapshots its items (addItems) in the same
 * transaction, so the target set is fixed from the start and the runner can pick it up.
 * `params` must hold no personal data (a filter's search text may be a name or an email).
 */
export function createBulkAction(
  db: Database,
  a: { type: BulkActionType; createdBy: string; at: number; sourceActionId?: string | null; deletionId?: string | null; params?: object },
): string {
  const id = newId();
  db.prepare(
    `INSERT INTO bulk_actions (id, type, status, total, created_by, created_at, source_action_id, deletion_id, params)
     VALUES (?, ?, 'queued', 0, ?, ?, ?, ?, ?)`,
  ).run(id, a.type, a.createdBy, a.at, a.sourceActionId ?? null, a.deletionId ?? null, JSON.stringify(a.params ?? {}));
  return id;
}

/** Sets the action's deletion (a bulk delete's deletion row is made after the action it points to). */
export const setActionDeletion = (db: Database, actionId: string, deletionId: string) =>
  db.prepare('UPDATE bulk_actions SET deletion_id = ? WHERE id = ?').run(deletionId, actionId);

/**
 * Snapshots target contact ids as items 1..n and sets the action's total. Returns n. One statement
 * over a JSON array rather than one INSERT per id: the snapshot holds the event loop until it is
 * done, and for 20,000 ids this is 2-3x faster (bench).
 */
export function addItems(db: Database, actionId: string, contactIds: readonly string[]): number {
  const n = db
    .prepare('INSERT INTO bulk_action_items (action_id, seq, contact_id) SELECT ?, key + 1, value FROM json_each(?)')
    .run(actionId, JSON.stringify(contactIds)).changes;
  db.prepare('UPDATE bulk_actions SET total = ? WHERE id = ?').run(n, actionId);
  return n;
}
