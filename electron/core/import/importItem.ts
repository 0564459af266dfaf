import type { Database } from 'better-sqlite3';
import { createContact } from '../contacts/createContact.ts';
import { getLiveContact } from '../contacts/getContact.ts';
import { updateContact } from '../contacts/updateContact.ts';
import { AppError } from '../errors.ts';
import { createRelated } from '../related/createRelated.ts';
import type { ImportPayload } from './startImport.ts';

/**
 * A skipped row names the contact it clashed with only by id (`contactId`, stored in the item's
 * contact_id; `alsoMatches` for the second contact of a row that matches two). Its reason says which
 * field clashed, never a name, email or phone: reasons outlive the contact, and a purge must be able
 * to find and erase every copy of a contact's data (lifecycle/purgeContactRows.ts eraseImportCopies).
 */
export type ImportOutcome =
  | { state: 'done'; contactId: string }
  | { state: 'skipped'; code: 'DUPLICATE' | 'CONFLICT'; reason: string; contactId: string | null; alsoMatches?: string };

/** The reasons a duplicate row is skipped for, by the field that clashed. */
export const DUPLICATE_REASONS = {
  email: 'duplicate: another contact already has this email',
  phone: 'duplicate: another contact already has this phone number',
  two: 'matches two different contacts: its email belongs to one and its phone number to another',
} as const;

/** Which of the row's fields the existing contact holds: its email (checked first, as assertUnique does) or else its phone. */
function clashingField(db: Database, existingId: string, email: unknown): 'email' | 'phone' {
  if (typeof email !== 'string' || email.trim() === '') return 'phone';
  const held = db.prepare('SELECT email FROM contacts WHERE id = ?').pluck().get(existingId) as string | null | undefined;
  return held != null && held.toLowerCase() === email.trim().toLowerCase() ? 'email' : 'phone';
}

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
    const existingId = typeof err.extra.existingContactId === 'string' ? err.extra.existingContactId : null;
    if (onDuplicate === 'skip' || !existingId) {
      const field = existingId ? clashingField(db, existingId, contact.email) : 'email';
      return { state: 'skipped', code: 'DUPLICATE', reason: DUPLICATE_REASONS[field], contactId: existingId };
    }
    try {
      const existing = getLiveContact(db, existingId);
      const tags = contact.tags ? [...existing.tags, ...contact.tags] : undefined;
      updateContact(db, now, { id: existingId, ...contact, ...(tags ? { tags } : {}) });
      return { state: 'done', contactId: existingId };
    } catch (updateErr) {
      if (!(updateErr instanceof AppError) || updateErr.code !== 'CONFLICT') throw updateErr;
      // The row's email matches one contact and its phone another: merging would break one of them.
      const other = updateErr.extra.existingContactId;
      return {
        state: 'skipped',
        code: 'CONFLICT',
        reason: DUPLICATE_REASONS.two,
        contactId: existingId,
        ...(typeof other === 'string' ? { alsoMatches: other } : {}),
      };
    }
  }
}
