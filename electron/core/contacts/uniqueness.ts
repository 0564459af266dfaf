import type { Database } from 'better-sqlite3';
import { AppError } from '../errors.ts';
import { displayName, toContact, type ContactRow } from './contactRow.ts';
import { cachedStatement } from '../db/statements.ts';

/**
 * Two live contacts never share an email (compared without case) or a phone number (compared by its
 * digits). Deleted contacts do not count: their email is free until they are restored, and then the
 * restore reports the clash. Throws CONFLICT naming the contact that holds the value.
 */
export function assertUnique(
  db: Database,
  values: { email: string | null; phoneDigits: string | null },
  exceptId: string | null = null,
): void {
  const holder = (column: 'email' | 'phone_digits', value: string | null): ContactRow | undefined =>
    value === null
      ? undefined
      : (cachedStatement(
          db,
          `SELECT * FROM contacts WHERE ${column} = ? ${column === 'email' ? 'COLLATE NOCASE' : ''}
            AND deleted_at IS NULL AND id IS NOT ?`,
        ).get(value, exceptId) as ContactRow | undefined);

  const byEmail = holder('email', values.email);
  if (byEmail) {
    throw new AppError(
      'CONFLICT',
      `${displayName(toContact(byEmail))} already has the email ${byEmail.email}. Open that contact instead, or use another email.`,
      { existingContactId: byEmail.id },
    );
  }
  const byPhone = holder('phone_digits', values.phoneDigits);
  if (byPhone) {
    throw new AppError(
      'CONFLICT',
      `${displayName(toContact(byPhone))} already has the phone number ${byPhone.phone}. Open that contact instead, or use another number.`,
      { existingContactId: byPhone.id },
    );
  }
}
