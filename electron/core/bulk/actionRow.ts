import type { Database } from 'better-sqlite3';
import type { BulkAction, BulkActionStatus, BulkActionType } from '../../../shared/domain.ts';
import { notFound } from '../errors.ts';
import { isPreparing } from './snapshot.ts';
import { described, jobOf, type JobDescription } from './jobs.ts';
import { statusText, type LabelInput } from './statusLabel.ts';

/** A `bulk_actions` row as SQLite returns it. */
export interface BulkActionRow {
  id: string;
  type: BulkActionType;
  status: BulkActionStatus;
  total: number;
  processed: number;
  skipped: number;
  created_by: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  error: string | null;
  cancel_requested: number;
  source_action_id: string | null;
  deletion_id: string | null;
  params: string;
}

export const getActionRow = (db: Database, id: string) =>
  db.prepare('SELECT * FROM bulk_actions WHERE id = ?').get(id) as BulkActionRow | undefined;

export function requireActionRow(db: Database, id: string): BulkActionRow {
  const row = getActionRow(db, id);
  if (!row) throw notFound('bulk action', id);
  return row;
}

/** Why items were skipped, grouped. Read only when some were: the scan covers the action's items. */
export function skippedReasons(db: Database, row: Pick<BulkActionRow, 'id' | 'skipped'>) {
  if (row.skipped === 0) return [];
  return db
    .prepare(
      `SELECT code, reason, count(*) AS count FROM bulk_action_items
       WHERE action_id = ? AND state = 'skipped' GROUP BY code, reason ORDER BY count DESC, code`,
    )
    .all(row.id) as { code: string; reason: string; count: number }[];
}

/** Skip reasons summed per code, as the labels count them. */
export const byCode = (reasons: { code: string; count: number }[]) => {
  const m = new Map<string, number>();
  for (const r of reasons) m.set(r.code, (m.get(r.code) ?? 0) + r.count);
  return [...m].map(([code, count]) => ({ code, count }));
};

/** What every action's label is made of: its state, counts and skip reasons (a job adds its own). */
export function labelInput(db: Database, row: BulkActionRow, reasons: { code: string; count: number }[]): LabelInput {
  return {
    type: row.type,
    status: row.status,
    total: row.total,
    processed: row.processed,
    skipped: row.skipped,
    error: row.error,
    reasons: byCode(reasons),
    preparing: row.status === 'queued' && isPreparing(db, row.id),
  };
}

/** The action as the UI sees it: the common fields, and what its job (jobs.ts) says of it. */
export function toBulkAction(db: Database, row: BulkActionRow): BulkAction {
  const reasons = skippedReasons(db, row);
  const job = jobOf(row.type);
  const d: JobDescription = job ? job.describe(db, row, reasons) : described(statusText(labelInput(db, row, reasons)));
  return toBulkActionWith(row, reasons, d);
}

/** The action from its row, skip reasons and description, read once by the caller. */
export function toBulkActionWith(
  row: BulkActionRow,
  reasons: { code: string; reason: string; count: number }[],
  d: JobDescription,
): BulkAction {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    statusLabel: d.statusLabel,
    statusTone: d.statusTone,
    total: row.total,
    processed: row.processed,
    skipped: row.skipped,
    createdAt: row.created_at,
    createdBy: row.created_by,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    restorable: d.restorable ?? false,
    sourceActionId: row.source_action_id,
    restoredBy: d.restoredBy ?? [],
    skippedReasons: reasons,
  };
}
