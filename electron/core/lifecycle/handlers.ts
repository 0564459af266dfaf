import type { HandlerMap } from '../dispatcher.ts';
import { profileName } from '../settings/settings.ts';
import { deleteOne } from './deleteOne.ts';
import { deletePreview } from './deletePreview.ts';
import { permanentDelete } from './permanentDelete.ts';
import { fileErasure } from './purgeCheckpoint.ts';
import { purgeExpired } from './purgeExpired.ts';
import { restoreContacts } from './restoreContacts.ts';
import { restoreDeletion } from './restoreDeletion.ts';
import { restoreList, restoreMatchingIds } from './restoreList.ts';
import { restorePreview } from './restorePreview.ts';
import { startBulkDelete } from './startBulkDelete.ts';
import { startBulkRestore } from './startBulkRestore.ts';
import { bulkRestorePreview } from './bulkRestorePreview.ts';
import { mergeIntoLive, restoreWithoutField, undoWayOut } from './conflictWaysOut.ts';
import { restoreConflict } from './restoreConflict.ts';

export const lifecycleHandlers: HandlerMap<
  | 'contacts.deletePreview'
  | 'contacts.delete'
  | 'contacts.deleteOne'
  | 'restore.list'
  | 'restore.matchingIds'
  | 'restore.preview'
  | 'restore.contacts'
  | 'restore.deletion'
  | 'restore.purge'
  | 'lifecycle.purgeExpired'
  | 'bulkActions.restore'
  | 'bulkActions.restorePreview'
  | 'restore.conflict'
  | 'restore.withoutField'
  | 'restore.mergeInto'
  | 'restore.undoWayOut'
> = {
  'contacts.deletePreview': (selection, { db }) => deletePreview(db, selection),
  'contacts.delete': (selection, ctx) => startBulkDelete(ctx, selection),
  'contacts.deleteOne': ({ id }, ctx) => deleteOne(ctx, id),
  'restore.list': (input, { db }) => restoreList(db, input),
  'restore.matchingIds': ({ query }, { db }) => restoreMatchingIds(db, query),
  'restore.preview': ({ ids }, { db }) => restorePreview(db, ids),
  'restore.contacts': ({ ids }, ctx) => restoreContacts(ctx, ids),
  'restore.deletion': ({ deletionId }, ctx) => restoreDeletion(ctx, deletionId),
  'restore.purge': ({ ids }, ctx) => permanentDelete(ctx, ids),
  // Asked for by a person: the audit row names them, not 'system'.
  'lifecycle.purgeExpired': async (_input, ctx) => {
    const purged = await purgeExpired(ctx, { actor: profileName(ctx.db) });
    return { purged, erasure: fileErasure(ctx.db) };
  },
  'bulkActions.restore': ({ id }, ctx) => startBulkRestore(ctx, id),
  'bulkActions.restorePreview': ({ id }, { db }) => bulkRestorePreview(db, id),
  'restore.conflict': ({ id }, ctx) => restoreConflict(ctx.db, id, ctx.now()),
  'restore.withoutField': ({ id }, ctx) => restoreWithoutField(ctx, id),
  'restore.mergeInto': ({ id, into }, ctx) => mergeIntoLive(ctx, id, into),
  'restore.undoWayOut': ({ undoId }, ctx) => undoWayOut(ctx, undoId),
};
