import type { BulkActionType } from '../../../shared/domain.ts';
import { newId } from '../ids.ts';
import type { Tx } from '../db/tx.ts';

/**
 * Creates a queued bulk action; the caller then records where its items come from (beginSnapshot)
 * in the same transaction, so the target set is fixed from the start and the runner can pick it up.
 * `params` must hold no personal data (a filter's search text may be a name or an email).
 */
export function createBulkAction(
  db: Tx,
  a: {
    type: BulkActionType;
    createdBy: string;
    at: number;
    sourceActionId?: string | null;
    deletionId?: string | null;
    params?: object;
  },
): string {
  const id = newId();
  db.prepare(
    `INSERT INTO bulk_actions (id, type, status, total, created_by, created_at, source_action_id, deletion_id, params)
     VALUES (?, ?, 'queued', 0, ?, ?, ?, ?, ?)`,
  ).run(id, a.type, a.createdBy, a.at, a.sourceActionId ?? null, a.deletionId ?? null, JSON.stringify(a.params ?? {}));
  return id;
}

/** Sets the action's deletion (a bulk delete's deletion row is made after the action it points to). */
export const setActionDeletion = (db: Tx, actionId: string, deletionId: string) =>
  db.prepare('UPDATE bulk_actions SET deletion_id = ? WHERE id = ?').run(deletionId, actionId);
