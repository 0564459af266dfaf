import type { Database } from 'better-sqlite3';
import { phoneDigits } from '../contacts/normalize.ts';
import { noteTwoMatchRow, PURGED_DUPLICATE_REASON } from '../lifecycle/purgeContactRows.ts';
import { DUPLICATE_REASONS } from './importItem.ts';
import { hasState, writeState } from '../settings/internalState.ts';

/** Set once every skipped duplicate written by an older Kyrios is linked or erased. */
export const LEGACY_DUPLICATES_KEY = 'import.duplicatesLinked';

interface LegacyItem {
  action_id: string;
  seq: number;
  code: string;
  reason: string | null;
  payload: string | null;
}

/**
 * An older Kyrios stored a skipped duplicate's reason as "duplicate: <name> already has the email
 * <email>" and did not link the contact, so a purge could not find the row. Once per database, at open:
 * each such row gets today's reason (the clashing field, no value) and its contact's id, found by the
 * row's email, else its phone, among all contacts (deleted ones too). A row whose contact is no longer
 * in the database was a duplicate of a contact since purged: its cells and reason are erased now.
 * Returns how many rows it changed.
 */
export function linkLegacyDuplicates(db: Database): number {
  if (hasState(db, LEGACY_DUPLICATES_KEY)) return 0;
  return db
    .transaction(() => {
      const items = db
        .prepare(
          `SELECT i.action_id, i.seq, i.code, i.reason, i.payload FROM bulk_actions a
           JOIN bulk_action_items i ON i.action_id = a.id
           WHERE a.type = 'import' AND i.state = 'skipped' AND i.code IN ('DUPLICATE','CONFLICT') AND i.contact_id IS NULL`,
        )
        .all() as LegacyItem[];
      const byEmail = db.prepare('SELECT id FROM contacts WHERE email = ? COLLATE NOCASE ORDER BY deleted_at IS NOT NULL LIMIT 1').pluck();
      const byPhone = db.prepare('SELECT id FROM contacts WHERE phone_digits = ? ORDER BY deleted_at IS NOT NULL LIMIT 1').pluck();
      const link = db.prepare(
        "UPDATE bulk_action_items SET reason = ?, contact_id = ?, payload = json_set(payload, '$.alsoMatches', ?) WHERE action_id = ? AND seq = ?",
      );
      const erase = db.prepare(
        "UPDATE bulk_action_items SET reason = ?, payload = json_object('line', json_extract(payload, '$.line')) WHERE action_id = ? AND seq = ?",
      );
      for (const it of items) {
        const payload = (it.payload ? JSON.parse(it.payload) : {}) as { contact?: { email?: unknown; phone?: unknown } };
        const email = typeof payload.contact?.email === 'string' ? payload.contact.email : null;
        const digits = phoneDigits(typeof payload.contact?.phone === 'string' ? payload.contact.phone : null);
        const emailHolder = email ? (byEmail.get(email) as string | undefined) : undefined;
        const phoneHolder = digits ? (byPhone.get(digits) as string | undefined) : undefined;
        if (it.code === 'CONFLICT') {
          if (emailHolder && phoneHolder) {
            link.run(DUPLICATE_REASONS.two, emailHolder, phoneHolder, it.action_id, it.seq);
            noteTwoMatchRow(db);
          }
          else erase.run(PURGED_DUPLICATE_REASON, it.action_id, it.seq);
          continue;
        }
        const phoneClash = (it.reason ?? '').includes('already has the phone number');
        const holder = phoneClash ? phoneHolder : (emailHolder ?? phoneHolder);
        const field = phoneClash || !emailHolder ? 'phone' : 'email';
        if (holder) link.run(DUPLICATE_REASONS[field], holder, null, it.action_id, it.seq);
        else erase.run(PURGED_DUPLICATE_REASON, it.action_id, it.seq);
      }
      writeState(db, LEGACY_DUPLICATES_KEY, 'true');
      return items.length;
    })
    .immediate();
}
