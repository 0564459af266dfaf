import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../../shared/contract.ts';
import type { Contact } from '../../../shared/domain.ts';
import type { Clock } from '../clock.ts';
import { newId } from '../ids.ts';
import { NEXT_CONTACT_ROWID } from './contactRowid.ts';
import { writeContactTags } from './contactTags.ts';
import { assertIdentity } from './identity.ts';
import { blankToNull, canonicalPhone, normalizeTags } from './normalize.ts';
import { phoneRegion } from '../settings/settings.ts';
import { assertUnique } from './uniqueness.ts';
import { cachedStatement } from '../db/statements.ts';

export type ContactCreate = ParsedInput<'contacts.create'>;

/** Creates a live contact. Its email and phone must not belong to another live contact. */
export function createContact(db: Database, now: Clock, input: ContactCreate): Contact {
  const at = now();
  const contact: Contact = {
    id: newId(),
    firstName: input.firstName ?? '',
    lastName: input.lastName ?? '',
    email: blankToNull(input.email),
    phone: blankToNull(input.phone),
    company: blankToNull(input.company),
    tags: normalizeTags(input.tags ?? []),
    source: blankToNull(input.source),
    createdAt: at,
    updatedAt: at,
  };
  assertIdentity(contact);
  const digits = canonicalPhone(contact.phone, phoneRegion(db));
  db.transaction(() => {
    assertUnique(db, { email: contact.email, phoneDigits: digits });
    cachedStatement(
      db,
      `INSERT INTO contacts (rowid, id, first_name, last_name, email, phone, phone_digits, company, tags, source, created_at, updated_at)
       VALUES (${NEXT_CONTACT_ROWID}, @id, @firstName, @lastName, @email, @phone, @digits, @company, @tags, @source, @createdAt, @updatedAt)`,
    ).run({ ...contact, digits, tags: JSON.stringify(contact.tags) });
    writeContactTags(db, contact.id, contact.tags);
  }).immediate();
  return contact;
}
