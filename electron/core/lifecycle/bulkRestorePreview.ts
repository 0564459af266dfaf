import type { Database } from 'better-sqlite3';
import type { BulkRestorePreview } from '../../../shared/domain.ts';
import { requireActionRow } from '../bulk/actionRow.ts';
import { cachedStatement } from '../db/statements.ts';
import { AppError } from '../errors.ts';
import { CANDIDATE_COLUMNS, RestoreBatch, type RestoreCandidate } from './restoreRules.ts';

/** Items judged per slice; other calls are answered between slices. */
const SLICE = 2_000;
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * What restoring a bulk delete would do, for its confirmation: how many of the contacts it deleted
 * would come back, how many cannot and why (email or phone now taken, deleted again since, purged),
 * and how many are back already. Judged by the restore rules the restore runs (restoreRules.ts), in
 * the same order, over the delete's items; changes nothing. The restore judges every contact again.
 */
export async function bulkRestorePreview(db: Database, deleteActionId: string): Promise<BulkRestorePreview> {
  const row = requireActionRow(db, deleteActionId);
  if (row.type !== 'delete' || !row.deletion_id) throw new AppError('VALIDATION', 'Only a bulk delete can be restored.');
  const batch = new RestoreBatch();
  const cannot = new Map<string, { code: string; reason: string; count: number }>();
  let restore = 0;
  let alreadyBack = 0;
  const items = cachedStatement(
    db,
    `SELECT i.seq, ${CANDIDATE_COLUMNS} FROM bulk_action_items i LEFT JOIN contacts c ON c.id = i.contact_id
      WHERE i.action_id = @a AND i.state = 'done' AND i.seq > @after ORDER BY i.seq LIMIT @size`,
  );
  for (let after = -1; ; ) {
    const slice = items.all({ a: row.id, d: row.deletion_id, after, size: SLICE }) as (RestoreCandidate & { seq: number })[];
    if (slice.length === 0) break;
    for (const c of slice) {
      const skip = batch.judge(c, row.deletion_id);
      if (!skip) restore++;
      else if (skip.code === 'ALREADY_LIVE') alreadyBack++;
      else {
        const key = `${skip.code}\u0000${skip.reason}`;
        const g = cannot.get(key) ?? { ...skip, count: 0 };
        g.count++;
        cannot.set(key, g);
      }
    }
    after = slice.at(-1)!.seq;
    await yieldToOthers();
  }
  return { restore, cannot: [...cannot.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)), alreadyBack };
}
