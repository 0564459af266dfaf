import type { Database } from 'better-sqlite3';
import type { ContactFilter } from '../../../shared/contract.ts';
import { createBulkAction, setActionDeletion } from '../bulk/createBulkAction.ts';
import { beginSnapshot, SNAPSHOT_SLICE } from '../bulk/snapshot.ts';
import type { CoreContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { profileName } from '../settings/settings.ts';
import { createDeletion } from './deletions.ts';
import { matchingSlice, type Selection } from './selection.ts';
import { selectionParts } from './selectionSources.ts';
import { inTx } from '../db/tx.ts';

/**
 * What the Bulk Actions detail view may say of a filter: its dates, and whether it searched or took a
 * tag, never the words or the tag (either may be a contact's name, which a purge must erase).
 */
const filterInWords = (f: ContactFilter) => ({
  searched: Boolean(f.query?.trim()),
  tagged: Boolean(f.tag),
  createdFrom: f.createdFrom,
  createdTo: f.createdTo,
});

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

const nothingToDelete = () =>
  new AppError('NOT_FOUND', 'None of the selected contacts exists any more: nothing to delete. Refresh the list.');

/**
 * Whether the selection names at least one live contact, looked for a slice at a time with a turn of
 * the event loop between slices (a million unknown ids would otherwise hold every other call).
 * Usually the first slice answers.
 */
async function namesALiveContact(db: Database, selection: Selection): Promise<boolean> {
  if ('filter' in selection) {
    const until = db.prepare('SELECT coalesce(max(rowid), 0) FROM contacts').pluck().get() as number;
    return matchingSlice(db, selection.filter, 0, until, 1).length > 0;
  }
  const anyLive = db
    .prepare('SELECT 1 FROM contacts WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL LIMIT 1')
    .pluck();
  for (let i = 0; i < selection.ids.length; i += SNAPSHOT_SLICE) {
    if (i > 0) await yieldToOthers();
    if (anyLive.get(JSON.stringify(selection.ids.slice(i, i + SNAPSHOT_SLICE))) !== undefined) return true;
  }
  return false;
}

/**
 * Deletes many contacts as a bulk action, with one 'bulk' deletion for the whole action: records
 * the selection, snapshots its first slice of live contacts as items, answers, and leaves the rest
 * of the snapshot and the work to the runner.
 *
 * A selection that names no live contact is refused (NOT_FOUND) and leaves nothing behind, whatever
 * its size: no empty bulk action is ever made. (Should every contact of a large selection be deleted
 * by someone else while it is prepared, the runner removes the action that ends up empty.)
 */
export async function startBulkDelete(ctx: CoreContext, selection: Selection): Promise<{ bulkActionId: string }> {
  const { db } = ctx;
  if (!(await namesALiveContact(db, selection))) throw nothingToDelete();
  const bulkActionId = inTx(db, (db) => {
      const at = ctx.now();
      const actor = profileName(db);
      // params say only how it was selected: a filter's search text may be a name or an email, which a purge
      // must erase, so it is kept only in bulk_action_sources, until the selection is snapshotted.
      const id = createBulkAction(db, {
        type: 'delete',
        createdBy: actor,
        at,
        params: 'ids' in selection ? { by: 'ids' } : { by: 'filter', filter: filterInWords(selection.filter) },
      });
      const deletionId = createDeletion(db, { kind: 'bulk', deletedBy: actor, at, bulkActionId: id });
      setActionDeletion(db, id, deletionId);
      const complete = beginSnapshot(db, id, selectionParts(db, selection));
      const total = db.prepare('SELECT total FROM bulk_actions WHERE id = ?').pluck().get(id) as number;
      if (complete && total === 0) throw nothingToDelete();
      return id;
    });
  ctx.wakeRunner();
  return { bulkActionId };
}
