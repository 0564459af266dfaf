import type { Database } from 'better-sqlite3';
import { createContact } from '../contacts/createContact.ts';
import { getLiveContact } from '../contacts/getContact.ts';
import { updateContact } from '../contacts/updateContact.ts';
import { AppError } from '../errors.ts';
import { createRelated } from '../related/createRelated.ts';
import type { ImportPayload } from './startImport.ts';

export type ImportOutcome =
  | { state: 'done'; contactId: string }
  | { state: 'skipped'; code: 'DUPLICATE' | 'CONFLICT'; reason: string };

/**
 * Imports one row. A row whose email or phone is held by a live contact is a duplicate: skipped, or,
 * when the user chose "update", merged into that contact (the row's non-empty fields win, tags are
 * added). Runs inside the runner's chunk transaction; a refused row rolls back alone.
 */
export function importItem(db: Database, at: number, onDuplicate: 'skip' | 'update', payload: ImportPayload): ImportOutcome {
  const outcome = importContact(db, at, onDuplicate, payload);
  // The row's other emails and phones (and its notes) are kept as a note on the contact it became.
  if (outcome.state === 'done' && payload.note) createRelated(db, () => at, { kind: 'note', contactId: outcome.contactId, body: payload.note });
  return outcome;
}

function importContact(db: Database, at: number, onDuplicate: 'skip' | 'update', payload: ImportPayload): ImportOutcome {
  const now = () => at;
  const contact = payload.contact as Parameters<typeof createContact>[2];
  try {
    return { state: 'done', contactId: createContact(db, now, contact).id };
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'CONFLICT') throw err;
    const existingId = err.extra.existingContactId;
    if (onDuplicate === 'skip' || !existingId) {
      return { state: 'skipped', code: 'DUPLICATE', reason: `duplicate: ${err.message.split('. ')[0]}` };
    }
    try {
      const existing = getLiveContact(db, existingId);
      const tags = contact.tags ? [...existing.tags, ...contact.tags] : undefined;
      updateContact(db, now, { id: existingId, ...contact, ...(tags ? { tags } : {}) });
      return { state: 'done', contactId: existingId };
    } catch (updateErr) {
      if (!(updateErr instanceof AppError) || updateErr.code !== 'CONFLICT') throw updateErr;
      // The row's email matches one contact and its phone another: merging would break one of them.
      return { state: 'skipped', code: 'CONFLICT', reason: `matches two different contacts: ${updateErr.message.split('. ')[0]}` };
    }
  }
}
