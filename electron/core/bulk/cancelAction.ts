import type { BulkAction } from '../../../shared/domain.ts';
import type { CoreContext } from '../context.ts';
import { inTx } from '../db/tx.ts';
import { requireActionRow, toBulkAction } from './actionRow.ts';
import { emitProgress } from './jobEvents.ts';
import { auditFinished } from './runChunk.ts';

/**
 * Cancels a queued or running action between chunks (chunks are synchronous, so this always lands
 * between two). What was done stays done: a cancelled bulk delete is restorable. Cancelling an
 * action that already ended changes nothing.
 */
export function cancelAction(ctx: CoreContext, id: string): BulkAction {
  const { db } = ctx;
  const at = ctx.now();
  const changed = inTx(db, (db) => {
    const n = db
      .prepare(
        "UPDATE bulk_actions SET status = 'cancelled', cancel_requested = 1, finished_at = ? WHERE id = ? AND status IN ('queued','running')",
      )
      .run(at, id).changes;
    const row = requireActionRow(db, id);
    if (n > 0) auditFinished(db, row, at);
    return n > 0;
  });
  const row = requireActionRow(db, id);
  if (changed) emitProgress(ctx, { id, processed: row.processed, total: row.total, status: row.status });
  return toBulkAction(db, row);
}
