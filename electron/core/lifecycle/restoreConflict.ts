import type { Database } from 'better-sqlite3';
import type { RestoreConflict } from '../../../shared/domain.ts';
import type { ContactRow } from '../contacts/contactRow.ts';
import { findContactRow } from '../contacts/getContact.ts';
import { AppError, notFound } from '../errors.ts';
import { relatedCountsOf } from './deletedContactRow.ts';

type Field = 'email' | 'phone';
const FIELD_WORDS: Record<Field, string> = { email: 'email', phone: 'phone number' };
const nameOf = (r: Pick<ContactRow, 'first_name' | 'last_name' | 'email' | 'phone'>) =>
  `${r.first_name} ${r.last_name}`.trim() || r.email || r.phone || 'Unnamed contact';

/** The live contact (other than `id`) holding this email (compared as the live unique index does) or phone. */
function holderOf(db: Database, id: string, field: Field, row: ContactRow) {
  const sql =
    field === 'email'
      ? 'SELECT * FROM contacts WHERE email = ? COLLATE NOCASE AND deleted_at IS NULL AND id <> ? LIMIT 1'
      : 'SELECT * FROM contacts WHERE phone_digits = ? AND deleted_at IS NULL AND id <> ? LIMIT 1';
  return db.prepare(sql).get(field === 'email' ? row.email : row.phone_digits, id) as ContactRow | undefined;
}

/**
 * The note a restore without the clashing fields leaves on the contact: what was removed, why and
 * when, one "Email: …" / "Phone: …" line per field, which its Undo reads back. It names no other
 * contact: a purge of that one must leave no trace of it here.
 */
export function withoutFieldNote(clashes: RestoreConflict['clashes'], at: number): string {
  const fields = clashes.map((c) => FIELD_WORDS[c.field]).join(' and ');
  const one = clashes.length === 1;
  return [
    `Restored from the Restore tab on ${new Date(at).toISOString().slice(0, 10)} without its ${fields}: another contact ${one ? 'uses it' : 'uses them'} now. Kept here:`,
    ...clashes.map((c) => `${c.field === 'email' ? 'Email' : 'Phone'}: ${c.value}`),
  ].join('\n');
}

/**
 * Why a deleted contact cannot come back as it is, and what each way out would do (issue 16 item 4):
 * the live contacts that hold its email or phone (named, to open them), what a restore without the
 * clashing fields brings back (and the note it leaves), and, per holder, what merging its records
 * into that contact moves. Changes nothing.
 */
export function restoreConflict(db: Database, id: string, at: number): RestoreConflict {
  const row = findContactRow(db, id);
  if (!row) {
    const purged = db.prepare('SELECT 1 FROM purged_contacts WHERE contact_id = ?').get(id);
    throw purged ? new AppError('PURGED', 'This contact was purged for good and cannot be restored.') : notFound('contact', id);
  }
  if (row.deleted_at === null || row.deletion_id === null)
    throw new AppError('VALIDATION', 'This contact is not deleted: there is nothing to restore. Refresh the Restore tab.');
  const clashes: RestoreConflict['clashes'] = [];
  for (const field of ['email', 'phone'] as const) {
    if ((field === 'email' ? row.email : row.phone_digits) === null) continue;
    const h = holderOf(db, id, field, row);
    if (h) clashes.push({ field, value: (field === 'email' ? row.email : row.phone ?? row.phone_digits)!, holder: { id: h.id, name: nameOf(h) } });
  }
  if (clashes.length === 0)
    throw new AppError('CONFLICT', 'No live contact holds its email or phone any more: restore it as usual.');
  const related = relatedCountsOf(db, id, row.deletion_id);
  const holders = [...new Map(clashes.map((c) => [c.holder.id, c.holder])).values()];
  return {
    id,
    name: nameOf(row),
    deletionId: row.deletion_id,
    clashes,
    withoutField: { fields: clashes.map((c) => c.field), related, note: withoutFieldNote(clashes, at) },
    merge: holders.map((into) => ({ into, related })),
  };
}
