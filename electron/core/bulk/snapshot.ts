import type { Database } from 'better-sqlite3';
import { cachedStatement } from '../db/statements.ts';
import type { Tx } from '../db/tx.ts';
import { sourceOf } from './jobs.ts';

/**
 * Contacts added as items per slice (~10-15 ms). A bulk action's selection becomes its items a slice
 * at a time, each slice its own transaction on its own turn of the runner, so a selection of any
 * size never holds the event loop for long: snapshotting 50,000 ids in the call itself took 0.2-0.5 s,
 * and calls made meanwhile waited that long.
 */
export const SNAPSHOT_SLICE = 2000;

/** One part of where an action's items come from: a kind registered with registerSnapshotSource (jobs.ts). */
export interface SnapshotPart {
  kind: string;
  spec: string;
  until: number | null;
}

interface SourceRow {
  part: number;
  kind: string;
  spec: string;
  cursor: number;
  until: number | null;
}

/**
 * Records where an action's items come from (see migration 007), part by part, then snapshots the
 * first slice (inside the caller's transaction: a selection of one slice or less is complete when the
 * call answers). Returns true when nothing is left to snapshot.
 */
export function beginSnapshot(db: Tx, actionId: string, parts: readonly SnapshotPart[]): boolean {
  const add = cachedStatement(
    db,
    'INSERT INTO bulk_action_sources (action_id, part, kind, spec, cursor, until) VALUES (?, ?, ?, ?, 0, ?)',
  );
  parts.forEach((p, i) => add.run(actionId, i, p.kind, p.spec, p.until));
  return snapshotSlice(db, actionId);
}

/** Whether the action still has items to snapshot (the runner adds a slice instead of running a chunk). */
export const isPreparing = (db: Database, actionId: string) =>
  cachedStatement(db, 'SELECT 1 FROM bulk_action_sources WHERE action_id = ? LIMIT 1').get(actionId) !== undefined;

/**
 * Adds the next slice of items, in the caller's transaction, and advances the action's total.
 * Returns true when nothing is left to snapshot. Items are numbered on from the action's total (a
 * source may keep seqs of its own, as a restore keeps the seq of the delete's item it undoes).
 */
export function snapshotSlice(db: Tx, actionId: string): boolean {
  const row = cachedStatement(
    db,
    'SELECT part, kind, spec, cursor, until FROM bulk_action_sources WHERE action_id = ? ORDER BY part LIMIT 1',
  ).get(actionId) as SourceRow | undefined;
  if (!row) return true;
  const { total: base } = cachedStatement(db, 'SELECT total FROM bulk_actions WHERE id = ?').get(actionId) as {
    total: number;
  };
  const { added, next } = sourceOf(row.kind).slice(db, actionId, base, row);
  if (next === null)
    cachedStatement(db, 'DELETE FROM bulk_action_sources WHERE action_id = ? AND part = ?').run(actionId, row.part);
  else
    cachedStatement(db, 'UPDATE bulk_action_sources SET cursor = ? WHERE action_id = ? AND part = ?').run(
      next,
      actionId,
      row.part,
    );
  if (added > 0) cachedStatement(db, 'UPDATE bulk_actions SET total = total + ? WHERE id = ?').run(added, actionId);
  return !isPreparing(db, actionId);
}
