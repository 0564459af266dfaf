// Writing contacts as vCard 3.0, the version Apple Contacts, Google Contacts, Outlook and phones all read.
import ICAL from 'ical.js';
import type { Contact } from '../../../shared/domain.ts';

/** A contact and the bodies of its notes, as one card. */
export interface VcardContact {
  contact: Contact;
  notes: string[];
}

/**
 * One card per contact, escaped and folded by ical.js: N and FN (a contact with no name gets its
 * email or phone as FN, which vCard requires), EMAIL, TEL, ORG, CATEGORIES for its tags, NOTE for its
 * notes, its source as X-KYRIOS-SOURCE (read back by the import) and its id as UID. CRLF line ends.
 */
export function writeVcards(contacts: VcardContact[]): string {
  return contacts.map(toCard).join('');
}

function toCard({ contact: c, notes }: VcardContact): string {
  const card = new ICAL.Component(['vcard', [['version', {}, 'text', '3.0']], []]);
  const add = (name: string, value: string | string[], type?: string) => {
    const p = new ICAL.Property(name);
    if (type) p.setParameter('type', type);
    if (Array.isArray(value) && name === 'categories') p.setValues(value);
    else p.setValue(value);
    card.addProperty(p);
  };
  const full = [c.firstName, c.lastName].filter(Boolean).join(' ');
  add('n', [c.lastName, c.firstName, '', '', '']);
  add('fn', full || c.company || c.email || c.phone || '');
  if (c.email) add('email', c.email, 'INTERNET');
  if (c.phone) add('tel', c.phone, 'VOICE');
  if (c.company) add('org', [c.company]);
  if (c.tags.length) add('categories', c.tags);
  if (notes.length) add('note', notes.join('\n\n'));
  if (c.source) add('x-kyrios-source', c.source);
  add('uid', `urn:uuid:${c.id}`);
  return card.toString() + '\r\n';
}
