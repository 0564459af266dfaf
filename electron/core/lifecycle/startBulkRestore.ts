import type { BulkRestoreOutcome } from '../../../shared/domain.ts';
import type { CoreContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { profileName } from '../settings/settings.ts';
import { requireActionRow } from '../bulk/actionRow.ts';
import { cancelAction } from '../bulk/cancelAction.ts';
import { createBulkAction } from '../bulk/createBulkAction.ts';
import { beginSnapshot } from '../bulk/snapshot.ts';
import { restoreParts } from './selectionSources.ts';
import { inTx } from '../db/tx.ts';

/**
 * Restores a bulk delete as a bulk action of its own (its Undo, or Bulk Actions > Restore). A delete
 * still queued or running is cancelled first, then what it did is restored. The answer says what
 * happened, and names an action only when it is a restore of this delete:
 * - 'started': a new restore action; its items (snapshotted in slices, selectionSources.ts) are the
 *   delete's contacts that are not back (still deleted by it, deleted again since, purged);
 * - 'already-running': a restore of it is queued or running: that one;
 * - 'already-restored': every contact it deleted is back or cannot come back: its newest restore;
 * - 'cancelled': it had deleted nothing yet (still queued): it is now cancelled and there is nothing
 *   to restore (bulkActionId null).
 */
export function startBulkRestore(
  ctx: CoreContext,
  deleteActionId: string,
): { bulkActionId: string | null; outcome: BulkRestoreOutcome } {
  const { db } = ctx;
  const source = requireActionRow(db, deleteActionId);
  if (source.type !== 'delete' || !source.deletion_id)
    throw new AppError('VALIDATION', 'Only a bulk delete can be restored.');
  if (source.status === 'queued' || source.status === 'running') cancelAction(ctx, source.id);

  const result = inTx(db, (db): { bulkActionId: string | null; outcome: BulkRestoreOutcome } => {
      const active = db
        .prepare(
          "SELECT id FROM bulk_actions WHERE source_action_id = ? AND type = 'restore' AND status IN ('queued','running') ORDER BY created_at DESC LIMIT 1",
        )
        .pluck()
        .get(source.id) as string | undefined;
      if (active) return { bulkActionId: active, outcome: 'already-running' };
      const deleted = db
        .prepare("SELECT 1 FROM bulk_action_items WHERE action_id = ? AND state = 'done' LIMIT 1")
        .get(source.id);
      if (!deleted) return { bulkActionId: null, outcome: 'cancelled' };
      // Anything left to restore: a done item whose contact still carries the delete's deletion.
      const remaining = db
        .prepare(
          `SELECT 1 FROM bulk_action_items i JOIN contacts c ON c.id = i.contact_id
         WHERE i.action_id = ? AND i.state = 'done' AND c.deletion_id = ? LIMIT 1`,
        )
        .get(source.id, source.deletion_id);
      if (!remaining) {
        const last = db
          .prepare(
            "SELECT id FROM bulk_actions WHERE source_action_id = ? AND type = 'restore' ORDER BY created_at DESC, id DESC LIMIT 1",
          )
          .pluck()
          .get(source.id) as string | undefined;
        if (last) return { bulkActionId: last, outcome: 'already-restored' };
        throw new AppError(
          'NOT_FOUND',
          'Nothing is left to restore: every contact of this action is back, was deleted again since, or was purged.',
        );
      }
      const id = createBulkAction(db, {
        type: 'restore',
        createdBy: profileName(db),
        at: ctx.now(),
        sourceActionId: source.id,
        // A restore carries the deletion it undoes: its items come back from exactly that deletion.
        deletionId: source.deletion_id,
      });
      // The first slice now, the rest on the runner's turns (snapshot.ts).
      beginSnapshot(db, id, restoreParts(db, source.id));
      return { bulkActionId: id, outcome: 'started' };
    });

  if (result.outcome === 'started') ctx.wakeRunner();
  return result;
}
