import type { HandlerMap } from '../dispatcher.ts';
import { requireActionRow, toBulkAction } from './actionRow.ts';
import { cancelAction } from './cancelAction.ts';
import { listActions } from './listActions.ts';

export const bulkHandlers: HandlerMap<'bulkActions.list' | 'bulkActions.get' | 'bulkActions.cancel'> = {
  'bulkActions.list': (input, { db }) => listActions(db, input),
  'bulkActions.get': ({ id }, { db }) => toBulkAction(db, requireActionRow(db, id)),
  'bulkActions.cancel': ({ id }, ctx) => cancelAction(ctx, id),
};
