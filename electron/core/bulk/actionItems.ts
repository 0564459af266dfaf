import type { Database } from 'better-sqlite3';
import type { BulkActionItem, Page } from '../../../shared/domain.ts';
import { cachedStatement } from '../db/statements.ts';
import { requireActionRow } from './actionRow.ts';

type ItemState = BulkActionItem['state'];

/**
 * A page of an action's items in one state, in the order they were taken: each with its contact's
 * name and where that contact is now (a purged contact has no name left: a purge keeps ids only),
 * and for a skipped one the reason. The page's total is the action's own count of that state.
 */
export function actionItems(
  db: Database,
  input: { id: string; state?: ItemState; offset?: number; limit?: number },
): Page<BulkActionItem> {
  const row = requireActionRow(db, input.id);
  const state = input.state ?? 'skipped';
  const total =
    state === 'skipped' ? row.skipped : state === 'done' ? row.processed - row.skipped : Math.max(0, row.total - row.processed);
  const rows = cachedStatement(
    db,
    `SELECT i.seq, i.contact_id AS contactId, i.state, i.code, i.reason,
            CASE WHEN json_valid(i.payload) THEN json_extract(i.payload, '$.line') END AS line,
            CASE WHEN c.id IS NOT NULL THEN trim(c.first_name || ' ' || c.last_name) END AS name,
            CASE WHEN c.id IS NOT NULL AND c.deleted_at IS NULL THEN 'live'
                 WHEN c.id IS NOT NULL THEN 'deleted'
                 WHEN i.contact_id IS NOT NULL AND EXISTS (SELECT 1 FROM purged_contacts p WHERE p.contact_id = i.contact_id) THEN 'purged'
                 ELSE 'none' END AS now
       FROM bulk_action_items i LEFT JOIN contacts c ON c.id = i.contact_id
      WHERE i.action_id = @a AND i.state = @state ORDER BY i.seq LIMIT @limit OFFSET @offset`,
  ).all({ a: row.id, state, limit: input.limit ?? 50, offset: input.offset ?? 0 }) as BulkActionItem[];
  return { total, rows: rows.map((r) => ({ ...r, line: r.line ?? null, name: r.name === '' ? null : r.name })) };
}
