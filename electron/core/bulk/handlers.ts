import type { HandlerMap } from '../dispatcher.ts';
import { requireActionRow, toBulkAction } from './actionRow.ts';
import { cancelAction } from './cancelAction.ts';
import { listActions } from './listActions.ts';
import { actionDetail } from './actionDetail.ts';
import { actionItems } from './actionItems.ts';

export const bulkHandlers: HandlerMap<
  'bulkActions.list' | 'bulkActions.get' | 'bulkActions.cancel' | 'bulkActions.detail' | 'bulkActions.items'
> = {
  'bulkActions.list': (input, { db }) => listActions(db, input),
  'bulkActions.get': ({ id }, { db }) => toBulkAction(db, requireActionRow(db, id)),
  'bulkActions.cancel': ({ id }, ctx) => cancelAction(ctx, id),
  'bulkActions.detail': ({ id }, { db }) => actionDetail(db, id),
  'bulkActions.items': (input, { db }) => actionItems(db, input),
};
