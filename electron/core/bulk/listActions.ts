import type { Database } from 'better-sqlite3';
import type { BulkAction, BulkActionStatus, Page } from '../../../shared/domain.ts';
import { toBulkAction, type BulkActionRow } from './actionRow.ts';

/** Bulk actions, newest first, optionally of one status. */
export function listActions(
  db: Database,
  opts: { offset?: number; limit?: number; status?: BulkActionStatus } = {},
): Page<BulkAction> {
  const where = opts.status ? 'WHERE status = ?' : '';
  const args = opts.status ? [opts.status] : [];
  const total = db.prepare(`SELECT count(*) FROM bulk_actions ${where}`).pluck().get(...args) as number;
  const rows = db
    .prepare(`SELECT * FROM bulk_actions ${where} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`)
    .all(...args, opts.limit ?? 50, opts.offset ?? 0) as BulkActionRow[];
  return { total, rows: rows.map((r) => toBulkAction(db, r)) };
}
