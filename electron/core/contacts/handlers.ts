import type { HandlerMap } from '../dispatcher.ts';
import { loadRelatedRecords } from '../related/listRelated.ts';
import { tagCounts } from './contactTags.ts';
import { createContact } from './createContact.ts';
import { getLiveContact } from './getContact.ts';
import { listContacts } from './listContacts.ts';
import { updateContact } from './updateContact.ts';

export const contactHandlers: HandlerMap<
  'contacts.list' | 'contacts.get' | 'contacts.create' | 'contacts.update' | 'contacts.tags'
> = {
  'contacts.list': (input, { db }) => listContacts(db, input),
  'contacts.get': (input, { db }) =>
    // One read transaction, so the contact and its records are one consistent snapshot.
    db.transaction(() => ({ contact: getLiveContact(db, input.id), related: loadRelatedRecords(db, input.id) }))(),
  'contacts.create': (input, { db, now }) => createContact(db, now, input),
  'contacts.update': (input, { db, now }) => updateContact(db, now, input),
  'contacts.tags': (_input, { db }) => tagCounts(db),
};
