import type { Database } from 'better-sqlite3';
import type { DeletedContact, RelatedCounts } from '../../../shared/domain.ts';
import { getSettings } from '../settings/settings.ts';
import { findConflict } from './conflicts.ts';
import { DELETED_COLUMNS, DELETED_FROM, toDeletedContact, type DeletedRow } from './deletedContactRow.ts';
import { addCounts, zeroCounts } from './ownedTables.ts';

/**
 * What restoring these contacts would bring back (the deleted ones, with the rows their deletion
 * took), which would be skipped as conflicts, and which were purged. Changes nothing.
 */
export function restorePreview(db: Database, ids: readonly string[]) {
  return db.transaction(() => {
    const retention = getSettings(db).retentionDays;
    const get = db.prepare(`SELECT ${DELETED_COLUMNS} FROM ${DELETED_FROM} WHERE c.id = ? AND c.deleted_at IS NOT NULL`);
    const purgedStmt = db.prepare('SELECT 1 FROM purged_contacts WHERE contact_id = ?').pluck();
    const contacts: DeletedContact[] = [];
    const related: RelatedCounts = zeroCounts();
    const conflicts: { id: string; code: string; reason: string }[] = [];
    const purged: string[] = [];
    const emails = new Set<string>();
    const phones = new Set<string>();
    for (const id of new Set(ids)) {
      const row = get.get(id) as DeletedRow | undefined;
      if (!row) {
        if (purgedStmt.get(id)) purged.push(id);
        continue;
      }
      // As the restore itself would: a contact restored earlier in the same call holds its values too.
      const email = row.email?.toLowerCase() ?? null;
      const sameEmail = email !== null && emails.has(email);
      const samePhone = row.phone_digits !== null && phones.has(row.phone_digits);
      const conflict =
        findConflict(db, row) ??
        (sameEmail && samePhone
          ? { reason: 'its email and phone number are now used by other contacts' }
          : sameEmail
            ? { reason: 'its email is now used by another contact' }
            : samePhone
              ? { reason: 'its phone number is now used by another contact' }
              : null);
      if (conflict) {
        conflicts.push({ id, code: 'CONFLICT', reason: conflict.reason });
        continue;
      }
      if (email !== null) emails.add(email);
      if (row.phone_digits !== null) phones.add(row.phone_digits);
      const c = toDeletedContact(db, row, retention);
      contacts.push(c);
      addCounts(related, c.related);
    }
    return { contacts, related, conflicts, purged };
  })();
}
