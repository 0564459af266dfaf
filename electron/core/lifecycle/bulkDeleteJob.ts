import type { Database } from 'better-sqlite3';
import type { BulkActionStatus } from '../../../shared/domain.ts';
import { byCode, labelInput, skippedReasons, type BulkActionRow } from '../bulk/actionRow.ts';
import {
  expectChanged,
  markRangeDone,
  markSkipped,
  pendingInRange,
  pendingItems,
  type ChunkCounts,
} from '../bulk/itemRange.ts';
import { described, type BulkJob, type JobDescription } from '../bulk/jobs.ts';
import { statusText } from '../bulk/statusLabel.ts';
import { deleteFate } from './deleteFate.ts';
import { cachedStatement } from '../db/statements.ts';
import { ALREADY_DELETED_REASON, deleteUnderDeletion } from './deleteRules.ts';
import { withoutFtsSecureDelete } from './ftsSecureDelete.ts';
import { SKIP_REASONS } from './restoreRules.ts';
import type { Tx } from '../db/tx.ts';

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

/**
 * One chunk of a bulk delete, set-based: items whose contact is gone (NOT_FOUND) or no longer live
 * (ALREADY_DELETED; also a contact named twice, at its second item) are marked skipped; the rest are
 * deleted under the action's deletion by the delete rule (lifecycle/deleteRules.ts), and the range is
 * marked done. Runs inside the chunk's transaction, with the search index's secure-delete off.
 */
function deleteChunk(db: Tx, action: BulkActionRow, at: number, size: number): ChunkCounts {
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
  const range = { a: action.id, lo: items[0]!.seq, hi: items.at(-1)!.seq };
  if (deleting.size > 0) expectChanged('contacts', deleteUnderDeletion(db, pendingInRange(range), d, at), deleting.size);
  expectChanged('items', markRangeDone(db, range), deleting.size);
  return { processed: items.length, skipped };
}

/**
 * A bulk delete as the UI describes it: what became of its contacts (deleteFate.ts), and its newest
 * restore. Restorable while any contact still carries its deletion.
 */
function describeDelete(db: Database, row: BulkActionRow, reasons: { code: string; count: number }[]): JobDescription {
  const input = labelInput(db, row, reasons);
  const fate = deleteFate(db, row);
  if (!fate) return described(statusText(input));
  const restores = cachedStatement(
    db,
    "SELECT * FROM bulk_actions WHERE source_action_id = ? AND type = 'restore' ORDER BY created_at, id",
  ).all(row.id) as BulkActionRow[];
  const last = restores.at(-1);
  const latestRestore: { status: BulkActionStatus; reasons: { code: string; count: number }[] } | null = last
    ? { status: last.status, reasons: byCode(skippedReasons(db, last)) }
    : null;
  return {
    ...described(statusText({ ...input, deleted: fate, latestRestore })),
    restorable: row.status !== 'queued' && fate.stillDeleted > 0,
    restoredBy: restores.map((r) => r.id),
    fate,
  };
}

/** The bulk delete, as the runner runs it (registered in lifecycle/registerJobs.ts). */
export const bulkDeleteJob: BulkJob = {
  chunk: (db, action, at, size) => withoutFtsSecureDelete(db, () => deleteChunk(db, action, at, size)),
  describe: describeDelete,
};
