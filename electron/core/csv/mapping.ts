import { ContactCreateInput, IMPORT_FIELD_NAMES } from '../../../shared/contract.ts';
import { unneutralize } from './formula.ts';
import { headerFeeds, recognizeLayout, takesManyColumns } from './layouts.ts';
import type { CsvTable } from './parse.ts';

export const IMPORT_FIELDS = IMPORT_FIELD_NAMES;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/**
 * Which columns (0-based indexes in the header) feed each contact field; unmapped fields stay empty.
 * A field fed by several columns (every email column of an Outlook export) takes its value from the
 * first non-empty one, in the order given.
 */
export type ColumnMapping = Partial<Record<ImportField, number | number[]>>;

/** The columns a field is fed from, in order. */
export const columnsOf = (m: ColumnMapping, field: ImportField): number[] => {
  const v = m[field];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

/**
 * Guesses the mapping from the header names (layouts.ts); the user confirms or changes it in the
 * preview. Emails, phones, tags and notes take every matching column; other fields the first one.
 */
export function suggestMapping(headers: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<number>();
  // A Kyrios export re-imports as the contacts it was: its related records (JSON) and dates are not notes.
  const ownExport = recognizeLayout(headers) === 'Kyrios';
  for (const field of IMPORT_FIELDS) {
    if (ownExport && (field === 'notes' || field === 'createdAt')) continue;
    const matching = headers.flatMap((h, i) => (!taken.has(i) && headerFeeds(field, h) ? [i] : []));
    const chosen = takesManyColumns(field) ? matching : matching.slice(0, 1);
    if (chosen.length === 0) continue;
    mapping[field] = chosen.length === 1 ? chosen[0]! : chosen;
    chosen.forEach((i) => taken.add(i));
  }
  return mapping;
}

export type ImportContact = ReturnType<typeof ContactCreateInput.parse>;
export interface ValidRow {
  line: number;
  contact: ImportContact;
  note?: string;
}
export interface InvalidRow {
  line: number;
  reason: string;
  cells: string[];
}

const splitTags = (cell: string) =>
  cell
    .split(/:::|[;,|]/)
    .map((t) => t.trim())
    // Google's system labels ("* myContacts", "* starred") are not the user's own groups.
    .filter((t) => t && !t.startsWith('* '));

/** One cell may hold several values: Google writes "a@x.com ::: b@y.com" for two emails of one kind. */
const splitValues = (cell: string) =>
  cell
    .split(':::')
    .map((v) => v.trim())
    .filter(Boolean);

/** The longest note a contact's import adds (the note kind's own limit). */
export const MAX_IMPORT_NOTE = 20_000;

/** A cell's value as imported: trimmed, and the apostrophe an export put before a formula-like value taken off. */
const cellValue = (cells: string[], index: number) => unneutralize((cells[index] ?? '').trim()).trim();

/**
 * A full name in one column, split for a contact: "Lee, Ann" is last name first; otherwise the last
 * word is the last name and the words before it the first name ("Ann Marie Lee" -> "Ann Marie", "Lee").
 */
export function splitFullName(full: string): { firstName?: string; lastName?: string } {
  const name = full.replace(/\s+/g, ' ').trim();
  if (name === '') return {};
  const comma = name.indexOf(',');
  if (comma > 0) {
    const last = name.slice(0, comma).trim();
    const first = name.slice(comma + 1).trim();
    return { ...(first ? { firstName: first } : {}), ...(last ? { lastName: last } : {}) };
  }
  const space = name.lastIndexOf(' ');
  return space < 0 ? { firstName: name } : { firstName: name.slice(0, space), lastName: name.slice(space + 1) };
}

/**
 * Builds the contact fields of one row from its cells; empty cells become absent fields. An email or
 * phone field fed by several columns takes the first non-empty value; the others are not dropped but
 * kept in the contact's imported note, one line each under the column's header ("Mobile Phone: ..."),
 * with the notes columns and the date the old tool created the contact.
 */
export function mapRow(cells: string[], mapping: ColumnMapping, headers: string[] = []): { fields: Record<string, unknown>; note?: string } {
  const out: Record<string, unknown> = {};
  const noteLines: string[] = [];
  const label = (i: number) => headers[i] || `Column ${i + 1}`;
  for (const field of IMPORT_FIELDS) {
    const columns = columnsOf(mapping, field);
    if (columns.length === 0) continue;
    if (field === 'tags') {
      const tags = columns.flatMap((i) => splitTags(cellValue(cells, i)));
      if (tags.length) out.tags = [...new Set(tags)];
    } else if (field === 'notes') {
      for (const i of columns) if (cellValue(cells, i)) noteLines.push(cellValue(cells, i));
    } else if (field === 'createdAt') {
      const i = columns.find((c) => cellValue(cells, c) !== '');
      if (i !== undefined) noteLines.push(`${label(i)}: ${cellValue(cells, i)}`);
    } else if (field === 'email' || field === 'phone') {
      const seen = new Set<string>();
      for (const i of columns) {
        for (const value of splitValues(cellValue(cells, i))) {
          const key = field === 'email' ? value.toLowerCase() : value.replace(/\D/g, '');
          if (seen.has(key)) continue;
          seen.add(key);
          if (out[field] === undefined) out[field] = value;
          else noteLines.push(`${label(i)}: ${value}`);
        }
      }
    } else if (field !== 'fullName') {
      const i = columns.find((c) => cellValue(cells, c) !== '');
      if (i !== undefined) out[field] = cellValue(cells, i);
    }
  }
  // One full-name column fills the name only when no first or last name column did.
  const full = columnsOf(mapping, 'fullName')
    .map((i) => cellValue(cells, i))
    .find(Boolean);
  // A display name that is only the email, phone or company (what address books show for a card with no name) is not a name.
  const standIn = full !== undefined && [out.email, out.phone, out.company].includes(full);
  if (full && !standIn && out.firstName === undefined && out.lastName === undefined) Object.assign(out, splitFullName(full));
  const note = noteLines.join('\n').slice(0, MAX_IMPORT_NOTE);
  return note ? { fields: out, note } : { fields: out };
}

/** One row's verdict: the contact to import (with the note of what it keeps beside), or why not. */
export type RowVerdict = { ok: true; contact: ImportContact; note?: string } | { ok: false; reason: string };

/**
 * Checks rows one at a time, in file order, with the same rules as a contact typed in by hand. A row
 * whose email or phone repeats an earlier row of the same file is refused too: only the first one can
 * be imported. Keeps only the emails and phones seen, so a file can be checked as it is read.
 */
export function rowValidator(mapping: ColumnMapping, headers: string[] = []): (line: number, cells: string[]) => RowVerdict {
  const seenEmail = new Map<string, number>();
  const seenPhone = new Map<string, number>();
  return (line, cells) => {
    const { fields, note } = mapRow(cells, mapping, headers);
    const parsed = ContactCreateInput.safeParse(fields);
    if (!parsed.success) {
      const reason = parsed.error.issues
        .map((i) => (i.path.length ? `${fieldLabel(String(i.path[0]))} ${i.message}` : i.message))
        .join('; ');
      return { ok: false, reason };
    }
    const contact = parsed.data;
    const email = contact.email?.toLowerCase();
    const phone = contact.phone?.replace(/\D/g, '') || undefined;
    const earlier = (email && seenEmail.get(email)) || (phone && seenPhone.get(phone));
    if (earlier) return { ok: false, reason: `same email or phone as line ${earlier} of this file` };
    if (email) seenEmail.set(email, line);
    if (phone) seenPhone.set(phone, line);
    return note ? { ok: true, contact, note } : { ok: true, contact };
  };
}

/** Every row of a table checked by rowValidator. */
export function validateRows(table: CsvTable, mapping: ColumnMapping): { valid: ValidRow[]; invalid: InvalidRow[] } {
  const valid: ValidRow[] = [];
  const invalid: InvalidRow[] = [];
  const check = rowValidator(mapping, table.headers);
  for (const { line, cells } of table.rows) {
    const verdict = check(line, cells);
    if (verdict.ok) valid.push({ line, contact: verdict.contact, ...(verdict.note ? { note: verdict.note } : {}) });
    else invalid.push({ line, reason: verdict.reason, cells });
  }
  return { valid, invalid };
}

const LABELS: Record<string, string> = {
  firstName: 'first name',
  lastName: 'last name',
  email: 'email',
  phone: 'phone',
  company: 'company',
  tags: 'tags',
  source: 'source',
};
const fieldLabel = (key: string) => LABELS[key] ?? key;
