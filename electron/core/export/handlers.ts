import type { HandlerMap } from '../dispatcher.ts';
import { exportContacts } from './exportContacts.ts';
import { exportDeleted } from './exportDeleted.ts';
import { exportDeletedVcard, exportVcard } from './exportVcard.ts';

export const exportHandlers: HandlerMap<'contacts.export' | 'restore.export' | 'contacts.exportVcard' | 'restore.exportVcard'> = {
  'contacts.export': (input, { db, now }) => exportContacts(db, input, now()),
  'restore.export': ({ ids }, { db, now }) => exportDeleted(db, ids, now()),
  'contacts.exportVcard': (input, { db, now }) => exportVcard(db, input, now()),
  'restore.exportVcard': ({ ids }, { db, now }) => exportDeletedVcard(db, ids, now()),
};
