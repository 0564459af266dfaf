import type { Database } from 'better-sqlite3';
import type { BulkDeleteFate } from '../../../shared/domain.ts';
import type { BulkActionRow } from '../bulk/actionRow.ts';
import { cachedStatement } from '../db/statements.ts';

/**
 * What became of the contacts a bulk delete deleted, by their state now (not the counts at the time):
 * - done: the contacts it deleted;
 * - stillDeleted: still carrying its deletion (in the Restore tab);
 * - restored: back, by whatever way (its bulk restore, the Restore tab, an Undo);
 * - deletedAgain: restored, then deleted again by another deletion;
 * - purged: gone for good (under its deletion, or after being deleted again).
 * The four after `done` add up to `done`.
 */
export type DeleteFate = BulkDeleteFate;

/**
 * A bulk delete's contacts that left its deletion and are not back: deleted again by another
 * deletion, or purged under another one (restored, deleted again, then purged). One pass over its items.
 */
function notBackSince(db: Database, actionId: string, deletionId: string): { deletedAgain: number; purged: number } {
  return cachedStatement(
    db,
    `SELECT count(*) FILTER (WHERE c.deleted_at IS NOT NULL AND c.deletion_id <> @d) AS deletedAgain,
            count(*) FILTER (WHERE c.id IS NULL AND NOT EXISTS (
              SELECT 1 FROM purged_contacts p WHERE p.contact_id = i.contact_id AND p.deletion_id = @d)) AS purged
       FROM bulk_action_items i LEFT JOIN contacts c ON c.id = i.contact_id
      WHERE i.action_id = @a AND i.state = 'done'`,
  ).get({ a: actionId, d: deletionId }) as { deletedAgain: number; purged: number };
}

/**
 * The fate of a bulk delete's contacts, counted through indexes (contacts still carrying its
 * deletion, tombstones of those purged under it); its items are read only when some contacts left
 * its deletion without those two explaining it. Null for an action that is not a bulk delete.
 */
export function deleteFate(db: Database, row: BulkActionRow): DeleteFate | null {
  if (row.type !== 'delete' || !row.deletion_id) return null;
  const stillDeleted = cachedStatement(db, 'SELECT count(*) FROM contacts WHERE deletion_id = ?').pluck().get(row.deletion_id) as number;
  const purgedUnder = cachedStatement(db, 'SELECT count(*) FROM purged_contacts WHERE deletion_id = ?')
    .pluck()
    .get(row.deletion_id) as number;
  const done = row.processed - row.skipped;
  const since = done > stillDeleted + purgedUnder ? notBackSince(db, row.id, row.deletion_id) : { deletedAgain: 0, purged: 0 };
  const purged = purgedUnder + since.purged;
  return { done, stillDeleted, restored: done - stillDeleted - purged - since.deletedAgain, deletedAgain: since.deletedAgain, purged };
}
