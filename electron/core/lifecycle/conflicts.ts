import type { Database } from 'better-sqlite3';

export interface Conflict {
  field: 'email' | 'phone' | 'email and phone';
  /** Says which field clashes, never its value (reasons are stored in bulk items and must survive a purge). */
  reason: string;
  existingContactId: string;
}

/**
 * A deleted contact conflicts when a live contact now holds the same email (compared without case)
 * or the same phone digits: restoring it would break the one-live-holder rule, so it is reported,
 * never merged or dropped.
 */
export function findConflict(
  db: Database,
  c: { id: string; email: string | null; phone_digits: string | null },
): Conflict | null {
  const byEmail =
    c.email === null
      ? undefined
      : (db
          .prepare(
            'SELECT id FROM contacts WHERE email = ? COLLATE NOCASE AND deleted_at IS NULL AND email IS NOT NULL AND id <> ?',
          )
          .get(c.email, c.id) as { id: string } | undefined);
  const byPhone =
    c.phone_digits === null
      ? undefined
      : (db
          .prepare(
            'SELECT id FROM contacts WHERE phone_digits = ? AND deleted_at IS NULL AND phone_digits IS NOT NULL AND id <> ?',
          )
          .get(c.phone_digits, c.id) as { id: string } | undefined);
  const clash = conflictOf(byEmail !== undefined, byPhone !== undefined);
  return clash && { ...clash, existingContactId: (byEmail ?? byPhone)!.id };
}

/** Which field clashes and why, given whether the email and the phone are taken; null when neither is. */
export function conflictOf(email: boolean, phone: boolean): Omit<Conflict, 'existingContactId'> | null {
  if (email && phone) return { field: 'email and phone', reason: 'its email and phone number are now used by other contacts' };
  if (email) return { field: 'email', reason: 'its email is now used by another contact' };
  if (phone) return { field: 'phone', reason: 'its phone number is now used by another contact' };
  return null;
}

/**
 * An email as the live-email unique index compares it (COLLATE NOCASE folds ASCII letters only), so
 * two emails clash in JavaScript exactly when SQLite would refuse them both live.
 */
export const nocaseKey = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
