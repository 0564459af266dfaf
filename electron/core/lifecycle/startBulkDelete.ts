import { createBulkAction, setActionDeletion } from '../bulk/createBulkAction.ts';
import { beginSnapshot } from '../bulk/snapshot.ts';
import type { CoreContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { profileName } from '../settings/settings.ts';
import { createDeletion } from './deletions.ts';
import type { Selection } from './selection.ts';

/**
 * Deletes many contacts as a bulk action, with one 'bulk' deletion for the whole action: records
 * the selection, snapshots its first slice of live contacts as items, answers, and leaves the rest
 * of the snapshot and the work to the runner. A selection that fits in one slice and names no live
 * contact is refused (NOT_FOUND) and leaves nothing behind.
 */
export function startBulkDelete(ctx: CoreContext, selection: Selection): { bulkActionId: string } {
  const { db } = ctx;
  const bulkActionId = db
    .transaction(() => {
      const at = ctx.now();
      const actor = profileName(db);
      // params say only how it was selected: a filter's search text may be a name or an email, which a purge
      // must erase, so it is kept only in bulk_action_sources, until the selection is snapshotted.
      const id = createBulkAction(db, {
        type: 'delete',
        createdBy: actor,
        at,
        params: { by: 'ids' in selection ? 'ids' : 'filter' },
      });
      const deletionId = createDeletion(db, { kind: 'bulk', deletedBy: actor, at, bulkActionId: id });
      setActionDeletion(db, id, deletionId);
      const complete = beginSnapshot(
        db,
        id,
        'ids' in selection ? { kind: 'ids', ids: selection.ids } : { kind: 'filter', filter: selection.filter },
      );
      const total = db.prepare('SELECT total FROM bulk_actions WHERE id = ?').pluck().get(id) as number;
      if (complete && total === 0)
        throw new AppError(
          'NOT_FOUND',
          'None of the selected contacts exists any more: nothing to delete. Refresh the list.',
        );
      return id;
    })
    .immediate();
  ctx.events.emit('data.changed', { scope: ['bulkActions'] });
  ctx.wakeRunner();
  return { bulkActionId };
}
