import type { HandlerMap } from '../dispatcher.ts';
import { requireActionRow, toBulkAction } from './actionRow.ts';
import { cancelAction } from './cancelAction.ts';
import { listActions } from './listActions.ts';
import { startBulkRestore } from './startBulkRestore.ts';

export const bulkHandlers: HandlerMap<'bulkActions.list' | 'bulkActions.get' | 'bulkActions.restore' | 'bulkActions.cancel'> = {
  'bulkActions.list': (input, { db }) => listActions(db, input),
  'bulkActions.get': ({ id }, { db }) => toBulkAction(db, requireActionRow(db, id)),
  'bulkActions.restore': ({ id }, ctx) => startBulkRestore(ctx, id),
  'bulkActions.cancel': ({ id }, ctx) => cancelAction(ctx, id),
};
