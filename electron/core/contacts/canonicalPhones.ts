import type { Database } from 'better-sqlite3';
import { canonicalPhone } from './normalize.ts';

export interface CanonicalPhonesReport {
  /** Contacts whose phone_digits were rewritten to the canonical form. */
  changed: number;
  /**
   * Live contacts whose number, once canonical, is the one another live contact already holds: they
   * keep their former digits (nothing is merged or dropped), and the next change of that contact
   * reports the clash by name (updateContact compares the stored digits).
   */
  keptApart: number;
}

/**
 * Rewrites `contacts.phone_digits` of every contact (live and deleted) to canonicalPhone(phone, region).
 * `onlyNational`: only numbers written without '+' (the only ones a change of region can read
 * differently). Two live contacts that would end up with the same number: the one created first
 * (then the lower rowid) gets the canonical form, the other keeps its former digits (see keptApart);
 * the unique index of live phones is never broken, so the caller's transaction never fails on it.
 * Runs inside the caller's transaction.
 */
export function canonicalizePhones(db: Database, region: string, { onlyNational = false } = {}): CanonicalPhonesReport {
  const rows = db
    .prepare(
      `SELECT rowid AS rowid, phone, phone_digits AS digits, deleted_at IS NULL AS live FROM contacts
        WHERE phone IS NOT NULL ${onlyNational ? "AND ltrim(phone) NOT LIKE '+%'" : ''}
        ORDER BY created_at, rowid`,
    )
    .all() as { rowid: number; phone: string; digits: string | null; live: 0 | 1 }[];
  const holder = db.prepare(
    'SELECT 1 FROM contacts WHERE phone_digits = ? AND deleted_at IS NULL AND rowid <> ?',
  );
  const update = db.prepare('UPDATE contacts SET phone_digits = ? WHERE rowid = ?');
  const report: CanonicalPhonesReport = { changed: 0, keptApart: 0 };
  for (const row of rows) {
    const canonical = canonicalPhone(row.phone, region);
    if (canonical === row.digits) continue;
    if (row.live === 1 && canonical !== null && holder.get(canonical, row.rowid) !== undefined) {
      report.keptApart++;
      continue;
    }
    update.run(canonical, row.rowid);
    report.changed++;
  }
  return report;
}
