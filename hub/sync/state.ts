import { isLifecycleTable, keyColumns, normalizeDump, type Dump, CREATION_COLUMN } from '../../shared/sync/dump.ts';
import { needsReview } from '../../shared/sync/fold.ts';
import { SYNC_TABLES, type SyncTable } from '../../shared/sync/protocol.ts';
import type { Db } from '../db/pool.ts';

/**
 * The hub's state of one workspace as the normalized dump every replica must equal (shared/sync/dump.ts):
 * each row's columns as their last writers left them, its folded lifecycle, the derived needs-review mark,
 * and the purged contacts' ids. Built from the hub's state tables, not from the log: the convergence tests
 * compare it with the dump a replica builds and with `materialize` of the log.
 */
export async function hubDump(db: Db, workspaceId: string): Promise<Dump> {
  const rows = await db.query<{ tbl: SyncTable; pk: string; deleted_at: number | null; deletion_id: string | null }>(
    'SELECT tbl, pk, deleted_at, deletion_id FROM rows WHERE workspace_id = $1',
    [workspaceId],
  );
  const cells = await db.query<{ tbl: SyncTable; pk: string; col: string; value: unknown; hlc: string }>(
    'SELECT tbl, pk, col, value, hlc FROM cells WHERE workspace_id = $1',
    [workspaceId],
  );
  const purged = await db.query<{ contact_id: string }>('SELECT contact_id FROM tombstones WHERE workspace_id = $1', [
    workspaceId,
  ]);

  const byRow = new Map<string, Record<string, unknown>>();
  const createdHlc = new Map<string, string>();
  for (const cell of cells.rows) {
    const key = `${cell.tbl}\u0000${cell.pk}`;
    const columns = byRow.get(key) ?? {};
    columns[cell.col] = cell.value;
    byRow.set(key, columns);
    if (cell.tbl === 'contacts' && cell.col === CREATION_COLUMN('contacts')) createdHlc.set(cell.pk, cell.hlc);
  }
  const tables = Object.fromEntries(SYNC_TABLES.map((t) => [t, [] as Record<string, unknown>[]])) as Record<
    SyncTable,
    Record<string, unknown>[]
  >;
  for (const r of rows.rows) {
    const columns = byRow.get(`${r.tbl}\u0000${r.pk}`);
    // a row the hub knows only from a delete or restore (its cells not pushed yet) is not a row yet
    if (!columns || !tables[r.tbl]) continue;
    const row: Record<string, unknown> = { ...columns, ...keyColumns(r.tbl, r.pk) };
    if (isLifecycleTable(r.tbl)) {
      row.deleted_at = r.deleted_at;
      row.deletion_id = r.deletion_id;
    }
    tables[r.tbl].push(row);
  }
  const contacts = tables.contacts;
  const flagged = needsReview(
    contacts
      .filter((c) => c.deleted_at === null)
      .map((c) => ({
        id: String(c.id),
        createdHlc: createdHlc.get(String(c.id)) ?? minCellHlc(cells.rows, String(c.id)),
        email: typeof c.email === 'string' ? c.email : null,
        phoneDigits: typeof c.phone_digits === 'string' ? c.phone_digits : null,
      })),
  );
  for (const c of contacts) c.review_of = flagged.get(String(c.id)) ?? null;
  return normalizeDump({ tables, purged: purged.rows.map((p) => p.contact_id) });
}

function minCellHlc(cells: readonly { tbl: string; pk: string; hlc: string }[], contactId: string): string {
  let min = '';
  for (const c of cells) if (c.tbl === 'contacts' && c.pk === contactId && (min === '' || c.hlc < min)) min = c.hlc;
  return min;
}
