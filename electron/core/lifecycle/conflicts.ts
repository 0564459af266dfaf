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
  if (byEmail && byPhone)
    return { field: 'email and phone', reason: 'its email and phone number are now used by other contacts', existingContactId: byEmail.id };
  if (byEmail) return { field: 'email', reason: 'its email is now used by another contact', existingContactId: byEmail.id };
  if (byPhone) return { field: 'phone', reason: 'its phone number is now used by another contact', existingContactId: byPhone.id };
  return null;
}
