import type { HandlerMap } from '../dispatcher.ts';
import { exportContacts } from './exportContacts.ts';
import { exportDeleted } from './exportDeleted.ts';

export const exportHandlers: HandlerMap<'contacts.export' | 'restore.export'> = {
  'contacts.export': (input, { db, now }) => exportContacts(db, input, now()),
  'restore.export': ({ ids }, { db, now }) => exportDeleted(db, ids, now()),
};
