import type { Database } from 'better-sqlite3';
import { recordAudit } from '../audit/record.ts';
import type { CoreContext } from '../context.ts';
import type { BulkActionRow } from './actionRow.ts';
import { getActionRow } from './actionRow.ts';
import { jobOf } from './jobs.ts';
import { isPreparing, snapshotSlice } from './snapshot.ts';
import { cachedStatement } from '../db/statements.ts';
import { inTx, type Tx } from '../db/tx.ts';
import { emitProgress } from './jobEvents.ts';
import { classifyFailure, newErrorId } from '../errors.ts';
import { inTeam } from '../sync/syncClock.ts';

/** Contacts per chunk when the caller does not say (the runner sizes its chunks by CPU time instead). */
export const DEFAULT_CHUNK_SIZE = 20;

export class UnsupportedActionError extends Error {}

/** The oldest action still to do (queued or interrupted while running), skipping `exclude`. */
export function nextAction(db: Database, exclude: ReadonlySet<string> = new Set()): BulkActionRow | undefined {
  const rows = db
    // Another team member's action (team mode) runs on their machine, never here.
    .prepare(
      `SELECT * FROM bulk_actions WHERE status IN ('queued','running')
         AND NOT EXISTS (SELECT 1 FROM sync_remote_actions r WHERE r.id = bulk_actions.id)
       ORDER BY created_at, id LIMIT ?`,
    )
    .all(exclude.size + 1) as BulkActionRow[];
  return rows.find((r) => !exclude.has(r.id));
}

export interface ChunkResult {
  id: string;
  processed: number;
  total: number;
  status: BulkActionRow['status'];
}

/**
 * Runs one chunk of `actionId` (or, while its selection is still being snapshotted, adds one slice of
 * its items) in ONE transaction that changes the data, marks its items done or
 * skipped and advances `processed` together: a crash at any moment leaves each contact fully done
 * or not started, and the items say which. The last chunk completes the action and writes its
 * audit row in the same transaction. Emits progress and data.changed after the commit.
 */
export function runChunk(ctx: CoreContext, actionId: string, size = DEFAULT_CHUNK_SIZE): ChunkResult {
  const { db } = ctx;
  let sliced = false;
  const result = inTx(db, (db): ChunkResult => {
      const action = getActionRow(db, actionId);
      if (!action) throw new Error(`bulk action ${actionId} vanished`);
      if (action.status !== 'queued' && action.status !== 'running')
        return { id: action.id, processed: action.processed, total: action.total, status: action.status };
      const job = jobOf(action.type);
      if (!job) throw new UnsupportedActionError(`${action.type} actions cannot run here`);
      // Still being prepared: this turn adds the next slice of items (the total grows), no contact changes yet.
      if (isPreparing(db, action.id)) {
        const finished = snapshotSlice(db, action.id);
        sliced = true;
        const after = getActionRow(db, action.id)!;
        // Every contact it named was deleted or purged by others meanwhile: no empty action is kept (alone).
        if (finished && after.total === 0) {
          dropEmptyAction(db, after.id, ctx.now());
          return { id: after.id, processed: 0, total: 0, status: 'cancelled' };
        }
        return { id: after.id, processed: after.processed, total: after.total, status: after.status };
      }
      const at = ctx.now();
      const { processed, skipped } = job.chunk(db, action, at, size);
      const more = cachedStatement(
        db,
        "SELECT 1 FROM bulk_action_items WHERE action_id = ? AND state = 'pending' LIMIT 1",
      ).get(action.id);
      const status = more ? 'running' : 'complete';
      cachedStatement(
        db,
        `UPDATE bulk_actions SET status = ?, processed = processed + ?, skipped = skipped + ?,
         started_at = coalesce(started_at, ?), finished_at = ? WHERE id = ?`,
      ).run(status, processed, skipped, at, status === 'complete' ? at : null, action.id);
      const after = getActionRow(db, action.id)!;
      if (status === 'complete') auditFinished(db, after, at);
      return { id: after.id, processed: after.processed, total: after.total, status: after.status };
    });
  // A slice of the snapshot changes no contact: only the Bulk Actions view has something new to show.
  emitProgress(ctx, result, sliced ? 'snapshot' : 'chunk');
  return result;
}

/**
 * Removes an action whose selection turned out empty, with its deletion row (which removed nothing).
 * In a team the action was already sent (its row travels when it is made) and a row never leaves a synced
 * table except by a purge: it stays, cancelled, so every machine lists the same cancelled empty action.
 */
function dropEmptyAction(db: Tx, id: string, at: number): void {
  if (inTeam(db)) {
    cachedStatement(db, "UPDATE bulk_actions SET status = 'cancelled', finished_at = ? WHERE id = ?").run(at, id);
    return;
  }
  cachedStatement(db, 'DELETE FROM deletions WHERE bulk_action_id = ?').run(id);
  cachedStatement(db, 'DELETE FROM bulk_actions WHERE id = ?').run(id);
}

/** The audit row of a bulk action that ended (complete, cancelled or failed): ids and counts only. */
export function auditFinished(db: Tx, a: BulkActionRow, at: number): void {
  recordAudit(db, {
    at,
    actor: a.created_by,
    action: a.type === 'delete' ? 'bulk_delete' : a.type === 'restore' ? 'bulk_restore' : 'import',
    targetType: 'bulk_action',
    targetId: a.id,
    count: a.processed - a.skipped,
    details: {
      status: a.status,
      total: a.total,
      skipped: a.skipped,
      ...(a.type === 'delete'
        ? { deletionId: a.deletion_id }
        : a.type === 'restore'
          ? { sourceActionId: a.source_action_id }
          : {}),
    },
  });
}

/** Words a person understands for why an action stopped; never a contact's data. */
export function failureReason(err: unknown): string {
  if (err instanceof UnsupportedActionError) return err.message;
  // The same classification as a call's answer (errors.ts), in the label's words.
  const f = classifyFailure(err);
  if (f) return `${f.what}. ${f.fix}; what was done so far is kept`;
  // Its own message (paths, SQL, a contact's data) goes to the log only, under the id the label shows.
  const errorId = newErrorId();
  console.error(`[kyrios] error ${errorId} in a bulk action:`, err);
  return `an unexpected error (error ${errorId}); what was done so far is kept. Report error ${errorId}: the details are in Kyrios's log`;
}

/** Marks an action failed after a chunk's transaction rolled back: the data stays as the last finished chunk left it. */
export function markFailed(ctx: CoreContext, actionId: string, err: unknown): void {
  const at = ctx.now();
  const row = inTx(ctx.db, (db) => {
    db.prepare(
      "UPDATE bulk_actions SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND status IN ('queued','running')",
    ).run(failureReason(err), at, actionId);
    const after = getActionRow(db, actionId)!;
    auditFinished(db, after, at);
    return after;
  });
  emitProgress(ctx, { id: row.id, processed: row.processed, total: row.total, status: row.status });
}
