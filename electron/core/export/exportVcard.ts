import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../../shared/contract.ts';
import { contactColumns, toContact, type ContactRow } from '../contacts/contactRow.ts';
import { writeVcards, type VcardContact } from '../vcard/writeVcard.ts';
import { MAX_EXPORT_CONTACTS, selectedIds, stampForFile, tooMany } from './exportContacts.ts';
import { inSlices } from './inSlices.ts';

export interface VcardExport {
  fileName: string;
  vcf: string;
  count: number;
}

/**
 * The live contacts chosen in the Contacts list (ids, or all matching a filter) as a vCard file, with
 * their notes: what another address book or a phone imports. Same selection and limits as the CSV
 * export, read a slice at a time so the app answers other calls meanwhile.
 */
export async function exportVcard(db: Database, input: ParsedInput<'contacts.exportVcard'>, now: number): Promise<VcardExport> {
  const ids = selectedIds(db, input);
  const select = db.prepare(`SELECT ${contactColumns('c')} FROM contacts c WHERE c.id = ? AND c.deleted_at IS NULL`);
  const notes = db.prepare('SELECT body FROM notes WHERE contact_id = ? AND deleted_at IS NULL ORDER BY created_at, id').pluck();
  const cards = await inSlices(ids, (slice) =>
    db.transaction(() =>
      slice
        .map((id) => select.get(id) as ContactRow | undefined)
        .filter((r): r is ContactRow => r !== undefined)
        .map((r): VcardContact => ({ contact: toContact(r), notes: notes.all(r.id) as string[] })),
    )(),
  );
  return { fileName: `kyrios-contacts-${stampForFile(now)}.vcf`, vcf: writeVcards(cards), count: cards.length };
}

/**
 * Deleted contacts chosen in the Restore tab as a vCard file, each with the notes its deletion removed
 * (what a restore would bring back), so they can be kept in another address book before the purge.
 * Live or purged ids are left out.
 */
export async function exportDeletedVcard(db: Database, ids: string[], now: number): Promise<VcardExport> {
  if (ids.length > MAX_EXPORT_CONTACTS) throw tooMany(ids.length);
  const select = db.prepare(`SELECT ${contactColumns('c')}, c.deletion_id FROM contacts c WHERE c.id = ? AND c.deleted_at IS NOT NULL`);
  const notes = db.prepare('SELECT body FROM notes WHERE contact_id = ? AND deletion_id IS ? ORDER BY created_at, id').pluck();
  const cards = await inSlices(ids, (slice) =>
    db.transaction(() =>
      slice
        .map((id) => select.get(id) as (ContactRow & { deletion_id: string | null }) | undefined)
        .filter((r) => r !== undefined)
        .map((r): VcardContact => ({ contact: toContact(r), notes: notes.all(r.id, r.deletion_id) as string[] })),
    )(),
  );
  return { fileName: `kyrios-deleted-contacts-${stampForFile(now)}.vcf`, vcf: writeVcards(cards), count: cards.length };
}
