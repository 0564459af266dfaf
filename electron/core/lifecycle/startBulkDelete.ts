import { addItems, createBulkAction, setActionDeletion } from '../bulk/createBulkAction.ts';
import type { CoreContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { profileName } from '../settings/settings.ts';
import { createDeletion } from './deletions.ts';
import { selectedLiveIds, type Selection } from './selection.ts';

/**
 * Deletes many contacts as a bulk action: snapshots the live contacts of the selection as its items,
 * with one 'bulk' deletion for the whole action, answers at once, and leaves the work to the runner.
 */
export function startBulkDelete(ctx: CoreContext, selection: Selection): { bulkActionId: string } {
  const { db } = ctx;
  const bulkActionId = db.transaction(() => {
    const ids = selectedLiveIds(db, selection);
    if (ids.length === 0)
      throw new AppError('NOT_FOUND', 'None of the selected contacts exists any more: nothing to delete. Refresh the list.');
    const at = ctx.now();
    const actor = profileName(db);
    // The filter's search text is not kept: it may be a name or an email, which a purge must erase.
    const id = createBulkAction(db, { type: 'delete', createdBy: actor, at, params: { by: 'ids' in selection ? 'ids' : 'filter' } });
    const deletionId = createDeletion(db, { kind: 'bulk', deletedBy: actor, at, bulkActionId: id });
    setActionDeletion(db, id, deletionId);
    addItems(db, id, ids);
    return id;
  }).immediate();
  ctx.events.emit('data.changed', { scope: ['bulkActions'] });
  ctx.wakeRunner();
  return { bulkActionId };
}
