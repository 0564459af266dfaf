import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../../shared/contract.ts';
import { contactColumns, toContact, type ContactRow } from '../contacts/contactRow.ts';
import { writeVcards, type VcardContact } from '../vcard/writeVcard.ts';
import { selectedIds, stampForFile } from './exportContacts.ts';
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
