import { labelInput, type BulkActionRow } from '../bulk/actionRow.ts';
import {
  expectChanged,
  markRangeDone,
  markSkipped,
  pendingInRange,
  pendingItems,
  type ChunkCounts,
} from '../bulk/itemRange.ts';
import { described, type BulkJob } from '../bulk/jobs.ts';
import { statusText } from '../bulk/statusLabel.ts';
import { cachedStatement } from '../db/statements.ts';
import { withoutFtsSecureDelete } from './ftsSecureDelete.ts';
import { CANDIDATE_COLUMNS, RestoreBatch, restoreFromDeletion, type RestoreCandidate } from './restoreRules.ts';
import type { Tx } from '../db/tx.ts';

/** The next `size` pending items with what the restore rules need of their contacts: one query. */
const ITEMS = `SELECT i.seq, ${CANDIDATE_COLUMNS}
  FROM ${pendingItems('i')} LEFT JOIN contacts c ON c.id = i.contact_id
  WHERE i.action_id = @a AND i.state = 'pending' ORDER BY i.seq LIMIT @size`;

/**
 * One chunk of a bulk restore of deletion D: its items judged in seq order by the restore rules
 * (lifecycle/restoreRules.ts), the exceptions marked skipped with their reason, the rest brought back
 * from D in one statement per table, and the range marked done. Runs inside the chunk's transaction.
 */
function restoreChunk(db: Tx, action: BulkActionRow, size: number): ChunkCounts {
  const d = action.deletion_id;
  if (!d) throw new Error(`bulk restore ${action.id} has no deletion`);
  const items = cachedStatement(db, ITEMS).all({ a: action.id, d, size }) as (RestoreCandidate & { seq: number })[];
  if (items.length === 0) return { processed: 0, skipped: 0 };
  const batch = new RestoreBatch();
  let skipped = 0;
  for (const it of items) {
    const skip = batch.judge(it, d);
    if (!skip) continue;
    markSkipped(db, action.id, it.seq, skip.code, skip.reason);
    skipped++;
  }
  const range = { a: action.id, lo: items[0]!.seq, hi: items.at(-1)!.seq };
  const n = batch.restoring.size;
  if (n > 0) expectChanged('contacts', restoreFromDeletion(db, pendingInRange(range), d), n);
  expectChanged('items', markRangeDone(db, range), n);
  return { processed: items.length, skipped };
}

/** The bulk restore of a bulk delete, as the runner runs it (registered in lifecycle/registerJobs.ts). */
export const bulkRestoreJob: BulkJob = {
  chunk: (db, action, _at, size) => withoutFtsSecureDelete(db, () => restoreChunk(db, action, size)),
  describe: (db, row, reasons) => described(statusText(labelInput(db, row, reasons))),
};
