// The layouts of the files other tools export, recognised by their header names, and which header
// names feed each contact field (in any of those layouts, or a spreadsheet of one's own).
import type { ImportField } from './mapping.ts';

/** Lower case, one space between words, "_" as a space: "E-mail_1  - Value" -> "e-mail 1 - value". */
export const normalizeHeader = (h: string) => h.toLowerCase().replace(/[_\s]+/g, ' ').trim();

const words = (...names: string[]) => new Set(names);

/**
 * Header names per contact field. Fields marked `many` take every matching column, in file order:
 * Google's "E-mail 1 - Value", "E-mail 2 - Value"; Outlook's "Business Phone", "Home Phone", "Mobile
 * Phone"; HubSpot's "Phone Number" and "Mobile Phone Number"; Salesforce's and Zoho's "Phone" and "Mobile".
 */
const FIELD_HEADERS: Record<ImportField, { names?: Set<string>; pattern?: RegExp; many?: boolean }> = {
  firstName: { names: words('first name', 'firstname', 'first', 'given name', 'forename', 'prénom', 'vorname') },
  lastName: { names: words('last name', 'lastname', 'last', 'surname', 'family name', 'nom', 'nachname') },
  email: {
    many: true,
    names: words('mail', 'courriel', 'adresse e-mail', 'adresse email', 'e-mail-adresse', 'primary email', 'work email', 'home email', 'other email', 'personal email', 'business email'),
    // email, e-mail, e-mail address, e-mail 2 address, e-mail 1 - value, email address 2, secondary email
    pattern: /^(?:(?:secondary|additional|alternate|alternative|other|work|home) )?e-?mail(?: \d+)?(?: address(?:es)?)?(?: \d+)?(?: - value)?$/,
  },
  phone: {
    many: true,
    names: words('tel', 'cell', 'mobile', 'primary phone', 'mobile phone number', 'phone number', 'telephone number', 'téléphone', 'portable', 'mobile (portable)', 'telefon', 'handy', 'mobil', 'teléfono', 'telefono', 'cellulare', 'móvil'),
    // phone, phone 1 - value, business phone, business phone 2, home phone, mobile phone, other phone, telephone
    pattern:
      /^(?:(?:business|work|home|mobile|cell|other|primary|main|direct|office|personal|company main|car|assistant's|assistant|callback|radio|pager) )?(?:phone|telephone|mobile)(?: number)?(?: \d+)?(?: - value)?$/,
  },
  company: {
    names: words('company', 'company name', 'organization', 'organisation', 'organization name', 'organization 1 - name', 'account', 'account name', 'employer', 'société', 'entreprise', 'firma', 'unternehmen', 'empresa', 'azienda'),
  },
  tags: { many: true, names: words('tags', 'tag', 'labels', 'label', 'groups', 'group membership', 'categories', 'category', 'catégories', 'kategorien', 'étiquettes') },
  source: { names: words('source', 'lead source', 'origin', 'contact source', 'original source') },
  fullName: { names: words('name', 'full name', 'fullname', 'display name', 'contact name', 'contact') },
  notes: { many: true, names: words('notes', 'note', 'description', 'comments', 'comment', 'remarques', 'notizen', 'bemerkungen') },
  createdAt: {
    names: words('created', 'create date', 'created date', 'created time', 'created at', 'date created', 'creation date', 'created on'),
  },
};

/** Whether a header names `field`. */
export function headerFeeds(field: ImportField, header: string): boolean {
  const spec = FIELD_HEADERS[field];
  const h = normalizeHeader(header);
  return Boolean(spec.names?.has(h) || spec.pattern?.test(h));
}

export const takesManyColumns = (field: ImportField) => FIELD_HEADERS[field].many === true;

/**
 * The tools whose exports are recognised, tried in this order, each by headers only its export has.
 * The name is what the preview says: "Looks like a Google Contacts export".
 */
const LAYOUTS: { name: string; matches(has: (h: string) => boolean, any: (re: RegExp) => boolean): boolean }[] = [
  // Kyrios's own export: its notes column holds the related records (as JSON before issue 16, as
  // readable lines since), not a note to import.
  {
    name: 'Kyrios',
    matches: (has) =>
      has('id') && (has('firstname') || has('first name')) && (has('updatedat') || has('updated')) && (has('manualactions') || has('manual actions')),
  },
  {
    name: 'Google Contacts',
    matches: (has, any) => any(/^(?:e-mail|phone) \d+ - value$/) || has('group membership') || (has('given name') && has('family name')),
  },
  { name: 'Outlook', matches: (has) => has('e-mail address') && (has('business phone') || has('mobile phone') || has('home phone')) },
  { name: 'Zoho CRM', matches: (has) => has('created time') || (has('contact owner') && has('mobile') && has('record id')) },
  { name: 'HubSpot', matches: (has) => has('record id') && (has('phone number') || has('create date') || has('mobile phone number')) },
  { name: 'Salesforce', matches: (has) => has('contact id') || (has('account name') && has('mobile')) || (has('created date') && has('lead source')) },
];

/** The tool whose export this header looks like, or null (a spreadsheet of one's own). */
export function recognizeLayout(headers: string[]): string | null {
  const names = new Set(headers.map(normalizeHeader));
  const has = (h: string) => names.has(h);
  const any = (re: RegExp) => [...names].some((h) => re.test(h));
  return LAYOUTS.find((l) => l.matches(has, any))?.name ?? null;
}

/** Lines that a report tool writes under its table: Salesforce's copyright and confidentiality notes. */
export const FOOTER_LINE = /^(?:copyright \(c\)|confidential information|generated by:|©)|salesforce\.com/i;
