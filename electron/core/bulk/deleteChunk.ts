import type { Database } from 'better-sqlite3';
import { OWNED_TABLES } from '../lifecycle/ownedTables.ts';
import { SKIP_REASONS } from '../lifecycle/restoreContactRows.ts';
import type { BulkActionRow } from './actionRow.ts';
import {
  expectChanged,
  markRangeDone,
  markSkipped,
  PENDING_IN_RANGE,
  pendingItems,
  type ChunkCounts,
  type RangeParams,
} from './itemRange.ts';
import { cachedStatement } from '../db/statements.ts';

export const ALREADY_DELETED_REASON = 'it was already deleted';

interface DeleteItem {
  seq: number;
  contactId: string | null;
  found: 0 | 1;
  live: 0 | 1;
}

/** The next `size` pending items, with what became of their contacts since the snapshot: one query. */
const ITEMS = `SELECT i.seq, i.contact_id AS contactId, c.id IS NOT NULL AS found,
    (c.id IS NOT NULL AND c.deleted_at IS NULL) AS live
  FROM ${pendingItems('i')} LEFT JOIN contacts c ON c.id = i.contact_id
  WHERE i.action_id = ? AND i.state = 'pending' ORDER BY i.seq LIMIT ?`;

export const DELETE_CONTACTS = `UPDATE contacts SET deleted_at = @at, deletion_id = @d
  WHERE id IN (${PENDING_IN_RANGE}) AND deleted_at IS NULL`;
/** Only rows still live: a row deleted before keeps its own deletion, so this delete's restore leaves it deleted. */
export const DELETE_OWNED = OWNED_TABLES.map(
  ({ table }) => `UPDATE ${table} SET deleted_at = @at, deletion_id = @d
  WHERE contact_id IN (${PENDING_IN_RANGE}) AND deleted_at IS NULL`,
);

/**
 * One chunk of a bulk delete, set-based: the same changes as deleteContactRows item by item, in one
 * statement per table over the chunk's range. Items whose contact is gone (NOT_FOUND) or no longer
 * live (ALREADY_DELETED; also a contact named twice, at its second item) are marked skipped first;
 * the rest are all live, and each table's UPDATE sets `deleted_at = at, deletion_id = D` on them and
 * on their rows still live. Nothing else changes (not even updated_at), so a restore puts every row
 * back as it was. Runs inside the chunk's transaction, with the search index's secure-delete off.
 */
export function deleteChunk(db: Database, action: BulkActionRow, at: number, size: number): ChunkCounts {
  const d = action.deletion_id;
  if (!d) throw new Error(`bulk delete ${action.id} has no deletion`);
  const items = cachedStatement(db, ITEMS).all(action.id, size) as DeleteItem[];
  if (items.length === 0) return { processed: 0, skipped: 0 };
  const deleting = new Set<string>();
  let skipped = 0;
  for (const { seq, contactId, found, live } of items) {
    if (live && !deleting.has(contactId!)) {
      deleting.add(contactId!);
      continue;
    }
    markSkipped(
      db,
      action.id,
      seq,
      found ? 'ALREADY_DELETED' : 'NOT_FOUND',
      found ? ALREADY_DELETED_REASON : SKIP_REASONS.NOT_FOUND,
    );
    skipped++;
  }
  const range: RangeParams = { a: action.id, lo: items[0]!.seq, hi: items.at(-1)!.seq };
  if (deleting.size > 0) {
    const p = { ...range, at, d };
    expectChanged('contacts', cachedStatement(db, DELETE_CONTACTS).run(p).changes, deleting.size);
    for (const sql of DELETE_OWNED) cachedStatement(db, sql).run(p);
  }
  expectChanged('items', markRangeDone(db, range), deleting.size);
  return { processed: items.length, skipped };
}
