import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../../shared/contract.ts';
import type { Contact } from '../../../shared/domain.ts';
import type { Clock } from '../clock.ts';
import { writeContactTags } from './contactTags.ts';
import { findContactRow, getLiveContact } from './getContact.ts';
import { assertIdentity } from './identity.ts';
import { blankToNull, canonicalPhone, normalizeTags } from './normalize.ts';
import { phoneRegion } from '../settings/settings.ts';
import { assertUnique } from './uniqueness.ts';
import { cachedStatement } from '../db/statements.ts';

export type ContactUpdate = ParsedInput<'contacts.update'>;

/**
 * Changes the given fields of a live contact: a field left out stays as it is, a null (or empty) one is
 * cleared. `updatedAt` moves only when something actually changed, so saving an unchanged form is a
 * no-op.
 */
export function updateContact(db: Database, now: Clock, input: ContactUpdate): Contact {
  return db
    .transaction(() => {
      const before = getLiveContact(db, input.id);
      const pick = <K extends keyof Contact>(key: K, value: Contact[K] | undefined): Contact[K] =>
        value === undefined ? before[key] : value;
      const after: Contact = {
        ...before,
        firstName: pick('firstName', input.firstName),
        lastName: pick('lastName', input.lastName),
        email: input.email === undefined ? before.email : blankToNull(input.email),
        phone: input.phone === undefined ? before.phone : blankToNull(input.phone),
        company: input.company === undefined ? before.company : blankToNull(input.company),
        tags: input.tags === undefined ? before.tags : normalizeTags(input.tags),
        source: input.source === undefined ? before.source : blankToNull(input.source),
      };
      if (JSON.stringify(after) === JSON.stringify(before)) return before;

      assertIdentity(after);
      const region = phoneRegion(db);
      const digits = canonicalPhone(after.phone, region);
      const emailChanged = (after.email ?? '').toLowerCase() !== (before.email ?? '').toLowerCase();
      // Against what is stored, not the old number re-read: a number left in its former form (migration
      // 009 or a region change met a contact that already held the canonical form) is checked again.
      const stored = findContactRow(db, after.id)!.phone_digits;
      const phoneChanged = digits !== stored;
      assertUnique(
        db,
        { email: emailChanged ? after.email : null, phoneDigits: phoneChanged ? digits : null },
        after.id,
      );

      after.updatedAt = now();
      cachedStatement(
        db,
        `UPDATE contacts SET first_name = @firstName, last_name = @lastName, email = @email, phone = @phone,
         phone_digits = @digits, company = @company, tags = @tags, source = @source, updated_at = @updatedAt
       WHERE id = @id`,
      ).run({ ...after, digits, tags: JSON.stringify(after.tags) });
      if (JSON.stringify(after.tags) !== JSON.stringify(before.tags)) writeContactTags(db, after.id, after.tags);
      return after;
    })
    .immediate();
}
