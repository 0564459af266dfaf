import type { Database } from 'better-sqlite3';
import { contactColumns, toContact, type ContactRow } from '../contacts/contactRow.ts';
import { writeCsv } from '../csv/writeCsv.ts';
import { getSettings } from '../settings/settings.ts';
import { DAY_MS } from '../../../shared/domain.ts';
import {
  CONTACT_EXPORT_COLUMNS,
  MAX_EXPORT_CONTACTS,
  contactCells,
  stampForFile,
  tooMany,
  type CsvExport,
} from './exportContacts.ts';
import { inSlices } from './inSlices.ts';
import { RELATED_EXPORT_COLUMNS, relatedReader } from './relatedForExport.ts';

/**
 * CSV of contacts chosen in the Restore tab, with exactly the related records their deletion removed,
 * so a user can keep their data before the purge removes it for good. Live or purged ids are left out.
 * Read a slice at a time (inSlices.ts), so the app answers other calls meanwhile.
 */
export async function exportDeleted(db: Database, ids: string[], now: number): Promise<CsvExport> {
  if (ids.length > MAX_EXPORT_CONTACTS) throw tooMany(ids.length);
  const { retentionDays } = getSettings(db);
  const select = db.prepare(
    `SELECT ${contactColumns('c')}, c.deleted_at, c.deletion_id, d.deleted_by
       FROM contacts c LEFT JOIN deletions d ON d.id = c.deletion_id
      WHERE c.id = ? AND c.deleted_at IS NOT NULL`,
  );
  const related = relatedReader(db, 'deletion');
  const rows = await inSlices(ids, (slice) =>
    db.transaction(() =>
      slice
        .map((id) => select.get(id) as (ContactRow & { deleted_by: string | null }) | undefined)
        .filter((r) => r !== undefined)
        .map((r) => [
          ...contactCells(toContact(r)),
          new Date(r.deleted_at!).toISOString(),
          r.deleted_by ?? '',
          new Date(r.deleted_at! + retentionDays * DAY_MS).toISOString(),
          ...related(r.id, r.deletion_id),
        ]),
    )(),
  );
  const csv = writeCsv(
    [...CONTACT_EXPORT_COLUMNS, 'Deleted', 'Deleted by', 'Purged on', ...RELATED_EXPORT_COLUMNS],
    rows,
  );
  return { fileName: `kyrios-deleted-contacts-${stampForFile(now)}.csv`, csv, count: rows.length };
}
