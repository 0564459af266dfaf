import { ContactCreateInput, IMPORT_FIELD_NAMES } from '../../../shared/contract.ts';
import { unneutralize } from './formula.ts';
import type { CsvTable } from './parse.ts';

export const IMPORT_FIELDS = IMPORT_FIELD_NAMES;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** Which column (0-based index in the header) feeds each contact field; unmapped fields stay empty. */
export type ColumnMapping = Partial<Record<ImportField, number>>;

// Header names that spreadsheets and other CRMs (HubSpot, Salesforce, Google, Outlook) use for each field.
const SYNONYMS: Record<ImportField, string[]> = {
  firstName: ['first name', 'firstname', 'first', 'given name', 'forename', 'prénom', 'vorname'],
  lastName: ['last name', 'lastname', 'last', 'surname', 'family name', 'nom', 'nachname'],
  email: ['email', 'e-mail', 'email address', 'e-mail address', 'mail', 'primary email'],
  phone: ['phone', 'phone number', 'mobile', 'mobile phone', 'telephone', 'tel', 'cell', 'primary phone'],
  company: ['company', 'company name', 'organization', 'organisation', 'account', 'account name', 'employer'],
  tags: ['tags', 'tag', 'labels', 'label', 'groups', 'categories'],
  source: ['source', 'lead source', 'origin', 'contact source'],
};

const normalizeHeader = (h: string) => h.toLowerCase().replace(/[_\s]+/g, ' ').trim();

/** Guesses the mapping from the header names; the user confirms or changes it in the preview. */
export function suggestMapping(headers: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<number>();
  for (const field of IMPORT_FIELDS) {
    const index = headers.findIndex((h, i) => !taken.has(i) && SYNONYMS[field].includes(normalizeHeader(h)));
    if (index >= 0) {
      mapping[field] = index;
      taken.add(index);
    }
  }
  return mapping;
}

export type ImportContact = ReturnType<typeof ContactCreateInput.parse>;
export interface ValidRow {
  line: number;
  contact: ImportContact;
}
export interface InvalidRow {
  line: number;
  reason: string;
  cells: string[];
}

const splitTags = (cell: string) =>
  cell
    .split(/[;,|]/)
    .map((t) => t.trim())
    .filter(Boolean);

/**
 * Builds the contact fields of one row from its cells; empty cells become absent fields. The apostrophe
 * an export put before a formula-like value is taken off, so an exported contact re-imports unchanged.
 */
export function mapRow(cells: string[], mapping: ColumnMapping): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of IMPORT_FIELDS) {
    const index = mapping[field];
    if (index === undefined) continue;
    const value = unneutralize((cells[index] ?? '').trim()).trim();
    if (value === '') continue;
    out[field] = field === 'tags' ? [...new Set(splitTags(value))] : value;
  }
  return out;
}

/** One row's verdict: the contact to import, or why not. */
export type RowVerdict = { ok: true; contact: ImportContact } | { ok: false; reason: string };

/**
 * Checks rows one at a time, in file order, with the same rules as a contact typed in by hand. A row
 * whose email or phone repeats an earlier row of the same file is refused too: only the first one can
 * be imported. Keeps only the emails and phones seen, so a file can be checked as it is read.
 */
export function rowValidator(mapping: ColumnMapping): (line: number, cells: string[]) => RowVerdict {
  const seenEmail = new Map<string, number>();
  const seenPhone = new Map<string, number>();
  return (line, cells) => {
    const parsed = ContactCreateInput.safeParse(mapRow(cells, mapping));
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
    return { ok: true, contact };
  };
}

/** Every row of a table checked by rowValidator. */
export function validateRows(table: CsvTable, mapping: ColumnMapping): { valid: ValidRow[]; invalid: InvalidRow[] } {
  const valid: ValidRow[] = [];
  const invalid: InvalidRow[] = [];
  const check = rowValidator(mapping);
  for (const { line, cells } of table.rows) {
    const verdict = check(line, cells);
    if (verdict.ok) valid.push({ line, contact: verdict.contact });
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
