import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../../shared/contract.ts';
import { AppError } from '../errors.ts';
import { listSql } from '../contacts/listContacts.ts';
import { contactColumns, toContact, type ContactRow } from '../contacts/contactRow.ts';
import { writeCsv } from '../csv/writeCsv.ts';
import { inSlices } from './inSlices.ts';
import { RELATED_EXPORT_COLUMNS, relatedReader } from './relatedForExport.ts';

/** An export is built in memory and handed to the user as one file; past this, narrow the filter. */
export const MAX_EXPORT_CONTACTS = 50_000;

/** Column headers as a person reads them in a spreadsheet (dates are ISO 8601, UTC). */
export const CONTACT_EXPORT_COLUMNS = [
  'Id',
  'First name',
  'Last name',
  'Email',
  'Phone',
  'Company',
  'Tags',
  'Source',
  'Created',
  'Updated',
];

export interface CsvExport {
  fileName: string;
  csv: string;
  count: number;
}

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());
export const stampForFile = (now: number) => new Date(now).toISOString().slice(0, 19).replace(/[T:]/g, '-');

export function contactCells(c: ReturnType<typeof toContact>): (string | null)[] {
  return [
    c.id,
    c.firstName,
    c.lastName,
    c.email,
    c.phone,
    c.company,
    c.tags.join('; '),
    c.source,
    iso(c.createdAt),
    iso(c.updatedAt),
  ];
}

export function tooMany(count: number): AppError {
  return new AppError(
    'TOO_LARGE',
    `That is ${count.toLocaleString('en')} contacts; one export holds at most ${MAX_EXPORT_CONTACTS.toLocaleString('en')}. Narrow the search or tag filter and export in parts.`,
  );
}

/**
 * CSV of the live contacts chosen in the Contacts list (ids, or all matching a filter), with their
 * related records. The matching ids are read in one query, then the contacts and their records a
 * slice at a time (inSlices.ts), so the app answers other calls meanwhile.
 */
export async function exportContacts(
  db: Database,
  input: ParsedInput<'contacts.export'>,
  now: number,
): Promise<CsvExport> {
  const ids = selectedIds(db, input);
  const select = db.prepare(`SELECT ${contactColumns('c')} FROM contacts c WHERE c.id = ? AND c.deleted_at IS NULL`);
  const related = relatedReader(db, 'live');
  const rows = await inSlices(ids, (slice) =>
    db.transaction(() =>
      slice
        .map((id) => select.get(id) as ContactRow | undefined)
        .filter((r): r is ContactRow => r !== undefined)
        .map((r) => [...contactCells(toContact(r)), ...related(r.id)]),
    )(),
  );
  const csv = writeCsv([...CONTACT_EXPORT_COLUMNS, ...RELATED_EXPORT_COLUMNS], rows);
  return { fileName: `kyrios-contacts-${stampForFile(now)}.csv`, csv, count: rows.length };
}

/** The ids of the live contacts an export covers, in the list's order: the selection, or all matching a filter. */
export function selectedIds(db: Database, input: ParsedInput<'contacts.export'>): readonly string[] {
  if ('ids' in input) {
    if (input.ids.length > MAX_EXPORT_CONTACTS) throw tooMany(input.ids.length);
    return input.ids;
  }
  const built = listSql({ ...input.filter, sort: input.sort, limit: MAX_EXPORT_CONTACTS + 1, offset: 0 });
  const ids = built ? (db.prepare(built.sql).all(built.params) as ContactRow[]).map((r) => r.id) : [];
  if (ids.length > MAX_EXPORT_CONTACTS) throw tooMany(db.prepare(built!.countSql).pluck().get(built!.params) as number);
  return ids;
}
