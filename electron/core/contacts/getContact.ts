import type { Database } from 'better-sqlite3';
import type { Contact } from '../../../shared/domain.ts';
import { AppError, notFound } from '../errors.ts';
import { toContact, type ContactRow } from './contactRow.ts';
import { cachedStatement } from '../db/statements.ts';

export const findContactRow = (db: Database, id: string): ContactRow | undefined =>
  cachedStatement(db, 'SELECT * FROM contacts WHERE id = ?').get(id) as ContactRow | undefined;

/**
 * The live contact with this id. A deleted contact is not editable: it says so and points to the
 * Restore tab; a purged one is gone for good (PURGED, from its tombstone); any other id is NOT_FOUND.
 */
export function getLiveContact(db: Database, id: string): Contact {
  const row = findContactRow(db, id);
  if (!row) {
    const purged = cachedStatement(db, 'SELECT 1 FROM purged_contacts WHERE contact_id = ?').get(id);
    if (purged) {
      throw new AppError(
        'PURGED',
        `The contact ${id} was deleted and then purged for good. It cannot be opened or restored.`,
      );
    }
    throw notFound('contact', id);
  }
  if (row.deleted_at !== null) {
    throw new AppError(
      'NOT_FOUND',
      `The contact ${id} was deleted. Restore it from the Restore tab to open or change it.`,
    );
  }
  return toContact(row);
}
