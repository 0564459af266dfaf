import type { Database } from 'better-sqlite3';
import { cachedStatement } from '../db/statements.ts';
import type { ContactSet } from '../contacts/contactSet.ts';
import { OWNED_TABLES } from './ownedTables.ts';
import type { Tx } from '../db/tx.ts';

// The restore rules, in one place. Every path that restores contacts or says what a restore would
// do (the Restore tab, the Undo of a deletion, a bulk restore's chunks, the restore preview) reads
// its candidates with candidateColumns, judges each with judgeRestore in order, and brings the
// chosen ones back with restoreFromDeletion: the same statements over a set of one or of thousands.

export type RestoreSkipCode = 'PURGED' | 'NOT_FOUND' | 'CONFLICT' | 'ALREADY_LIVE' | 'DELETED_AGAIN';

export interface RestoreSkip {
  id: string;
  code: RestoreSkipCode;
  reason: string;
}

/** Reasons a person understands; never a contact's data (they are stored in bulk items and must survive a purge). */
export const SKIP_REASONS = {
  PURGED: 'it was purged for good and cannot be restored',
  NOT_FOUND: 'no contact with this id ever existed here',
  ALREADY_LIVE: 'it is not deleted: nothing to restore',
  DELETED_AGAIN: 'it was restored and deleted again since; restore it from its newer deletion',
} as const;

/** Which field clashes and why, given whether the email and the phone are taken; null when neither is. */
export function conflictOf(email: boolean, phone: boolean): { field: string; reason: string } | null {
  if (email && phone) return { field: 'email and phone', reason: 'its email and phone number are now used by other contacts' };
  if (email) return { field: 'email', reason: 'its email is now used by another contact' };
  if (phone) return { field: 'phone', reason: 'its phone number is now used by another contact' };
  return null;
}

/**
 * An email as the live-email unique index compares it (COLLATE NOCASE folds ASCII letters only), so
 * two emails clash here exactly when SQLite would refuse them both live.
 */
export const nocaseKey = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/** A contact a restore may bring back, with what the rules need to know about it now. */
export interface RestoreCandidate {
  contactId: string | null;
  found: 0 | 1;
  deletedAt: number | null;
  deletionId: string | null;
  email: string | null;
  phoneDigits: string | null;
  /** Only asked when the contact is gone. */
  purged: 0 | 1 | null;
  /** Whether a live contact other than this one holds its email / phone now; asked only of one the restore may bring back. */
  emailTaken: 0 | 1 | null;
  phoneTaken: 0 | 1 | null;
}

/**
 * The candidate's columns for a source row `i` with `i.contact_id`, joined as `c` to contacts
 * (`LEFT JOIN contacts c ON c.id = i.contact_id`). @d is the deletion being undone, or NULL for
 * "whatever deletion removed it" (the Restore tab). The conflict lookups run inside SQLite through
 * the live unique indexes.
 */
export const CANDIDATE_COLUMNS = `i.contact_id AS contactId, c.id IS NOT NULL AS found, c.deleted_at AS deletedAt,
    c.deletion_id AS deletionId, c.email, c.phone_digits AS phoneDigits,
    CASE WHEN c.id IS NULL THEN EXISTS (SELECT 1 FROM purged_contacts p WHERE p.contact_id = i.contact_id) END AS purged,
    CASE WHEN c.deleted_at IS NOT NULL AND c.deletion_id = coalesce(@d, c.deletion_id) AND c.email IS NOT NULL THEN EXISTS (SELECT 1 FROM contacts l
      WHERE l.email = c.email COLLATE NOCASE AND l.deleted_at IS NULL AND l.email IS NOT NULL AND l.id <> c.id) END AS emailTaken,
    CASE WHEN c.deleted_at IS NOT NULL AND c.deletion_id = coalesce(@d, c.deletion_id) AND c.phone_digits IS NOT NULL THEN EXISTS (SELECT 1 FROM contacts l
      WHERE l.phone_digits = c.phone_digits AND l.deleted_at IS NULL AND l.phone_digits IS NOT NULL AND l.id <> c.id) END AS phoneTaken`;

/** The candidates for a JSON array of contact ids, in the order given (an id named twice comes twice). */
export function candidatesByIds(db: Database, ids: readonly string[], deletionId: string | null): RestoreCandidate[] {
  return cachedStatement(
    db,
    `SELECT ${CANDIDATE_COLUMNS} FROM (SELECT key, value AS contact_id FROM json_each(@ids)) i
       LEFT JOIN contacts c ON c.id = i.contact_id ORDER BY i.key`,
  ).all({ ids: JSON.stringify(ids), d: deletionId }) as RestoreCandidate[];
}

/**
 * What one restore has taken so far, so a later candidate of the same restore is judged against the
 * earlier ones as it would be against live contacts: the first holder of an email or phone wins.
 */
export class RestoreBatch {
  readonly restoring = new Set<string>();
  private readonly emails = new Set<string>();
  private readonly phones = new Set<string>();

  /**
   * The restore rule for one candidate, judged in order. It comes back (null) only when it is deleted
   * by the deletion being undone (or, with none given, by any deletion) and no live contact, nor one
   * this restore brings back earlier, holds its email (compared without case) or its phone. Otherwise
   * it is skipped: gone (PURGED, NOT_FOUND), live (ALREADY_LIVE, also a contact named twice at its
   * second time), removed by a newer deletion (DELETED_AGAIN), or CONFLICT.
   */
  judge(c: RestoreCandidate, deletionId: string | null): Pick<RestoreSkip, 'code' | 'reason'> | null {
    if (!c.found)
      return c.purged ? { code: 'PURGED', reason: SKIP_REASONS.PURGED } : { code: 'NOT_FOUND', reason: SKIP_REASONS.NOT_FOUND };
    if (c.deletedAt === null || this.restoring.has(c.contactId!))
      return { code: 'ALREADY_LIVE', reason: SKIP_REASONS.ALREADY_LIVE };
    if (deletionId !== null && c.deletionId !== deletionId)
      return { code: 'DELETED_AGAIN', reason: SKIP_REASONS.DELETED_AGAIN };
    const email = c.email === null ? null : nocaseKey(c.email);
    const clash = conflictOf(
      email !== null && (c.emailTaken === 1 || this.emails.has(email)),
      c.phoneDigits !== null && (c.phoneTaken === 1 || this.phones.has(c.phoneDigits)),
    );
    if (clash) return { code: 'CONFLICT', reason: clash.reason };
    this.restoring.add(c.contactId!);
    if (email !== null) this.emails.add(email);
    if (c.phoneDigits !== null) this.phones.add(c.phoneDigits);
    return null;
  }
}

/**
 * Brings back contacts from deletion D: clears both columns on each contact still carrying D and
 * on exactly its rows with `deletion_id = D`. Rows deleted separately before keep their own deletion
 * and stay deleted. Returns how many contacts came back. Run inside a transaction, after judging.
 * On contacts `+deletion_id` keeps SQLite on the primary key (with the plain term it read every
 * contact still deleted by D, in every chunk of a bulk restore).
 */
export function restoreFromDeletion(db: Tx, set: ContactSet, deletionId: string): number {
  const [contacts, ...owned] = restoreStatements(set.sql);
  const p = { ...set.params, d: deletionId };
  const n = cachedStatement(db, contacts!).run(p).changes;
  for (const sql of owned) cachedStatement(db, sql).run(p);
  return n;
}

/** The restore's statements over a set of contacts (contactSet.ts). */
export const restoreStatements = (set: string) => [
  `UPDATE contacts SET deleted_at = NULL, deletion_id = NULL WHERE id IN (${set}) AND +deletion_id = @d`,
  ...OWNED_TABLES.map(
    ({ table }) => `UPDATE ${table} SET deleted_at = NULL, deletion_id = NULL WHERE contact_id IN (${set}) AND deletion_id = @d`,
  ),
];
