import type { Database } from 'better-sqlite3';
import type { BulkAction, BulkActionStatus, BulkActionType } from '../../../shared/domain.ts';
import { cachedStatement } from '../db/statements.ts';
import { notFound } from '../errors.ts';
import { isPreparing } from './snapshot.ts';
import { statusLabel } from './statusLabel.ts';

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

const byCode = (reasons: { code: string; count: number }[]) => {
  const m = new Map<string, number>();
  for (const r of reasons) m.set(r.code, (m.get(r.code) ?? 0) + r.count);
  return [...m].map(([code, count]) => ({ code, count }));
};

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
 * The action as the UI sees it. For a bulk delete, what became of its contacts is counted through
 * indexes (contacts still carrying its deletion, tombstones of purged ones), never by scanning items.
 */
export function toBulkAction(db: Database, row: BulkActionRow): BulkAction {
  const reasons = skippedReasons(db, row);
  let restoredBy: string[] = [];
  let restorable = false;
  let deleted: { done: number; stillDeleted: number; purged: number; deletedAgain: number } | undefined;
  let latestRestore: { status: BulkActionStatus; reasons: { code: string; count: number }[] } | null = null;
  if (row.type === 'delete' && row.deletion_id) {
    const stillDeleted = db
      .prepare('SELECT count(*) FROM contacts WHERE deletion_id = ?')
      .pluck()
      .get(row.deletion_id) as number;
    const purged = db
      .prepare('SELECT count(*) FROM purged_contacts WHERE deletion_id = ?')
      .pluck()
      .get(row.deletion_id) as number;
    const done = row.processed - row.skipped;
    // The rest are back, unless deleted again or purged after a restore: only then are the items read.
    const since = done > stillDeleted + purged ? notBackSince(db, row.id, row.deletion_id) : { deletedAgain: 0, purged: 0 };
    deleted = { done, stillDeleted, purged: purged + since.purged, deletedAgain: since.deletedAgain };
    const restores = db
      .prepare("SELECT * FROM bulk_actions WHERE source_action_id = ? AND type = 'restore' ORDER BY created_at, id")
      .all(row.id) as BulkActionRow[];
    restoredBy = restores.map((r) => r.id);
    const last = restores.at(-1);
    if (last) latestRestore = { status: last.status, reasons: byCode(skippedReasons(db, last)) };
    restorable = row.status !== 'queued' && stillDeleted > 0;
  }
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    statusLabel: statusLabel({
      type: row.type,
      status: row.status,
      total: row.total,
      processed: row.processed,
      skipped: row.skipped,
      error: row.error,
      deleted,
      latestRestore,
      reasons: byCode(reasons),
      preparing: row.status === 'queued' && isPreparing(db, row.id),
    }),
    total: row.total,
    processed: row.processed,
    skipped: row.skipped,
    createdAt: row.created_at,
    createdBy: row.created_by,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    restorable,
    sourceActionId: row.source_action_id,
    restoredBy,
    skippedReasons: reasons,
  };
}
