import { SYNC_TABLES, type SyncTable } from '../../shared/sync/protocol.ts';
import type { Db } from '../db/pool.ts';

export type HubRow = Record<string, unknown> & { deleted_at: number | null; deletion_id: string | null };
/** The hub's rows, table by table: each row's columns as their last writers left them, and its folded lifecycle. */
export type HubState = Record<SyncTable, { pk: string; contactId: string | null; row: HubRow }[]>;

/** Reads the hub's whole state of one workspace (for the dump the convergence tests compare). */
export async function readHubState(db: Db, workspaceId: string): Promise<HubState> {
  const state = Object.fromEntries(SYNC_TABLES.map((t) => [t, []])) as unknown as HubState;
  const rows = await db.query<{ tbl: SyncTable; pk: string; contact_id: string | null; deleted_at: number | null; deletion_id: string | null }>(
    'SELECT tbl, pk, contact_id, deleted_at, deletion_id FROM rows WHERE workspace_id = $1',
    [workspaceId],
  );
  const cells = await db.query<{ tbl: string; pk: string; col: string; value: unknown }>(
    'SELECT tbl, pk, col, value FROM cells WHERE workspace_id = $1',
    [workspaceId],
  );
  const byRow = new Map<string, Record<string, unknown>>();
  for (const cell of cells.rows) {
    const key = `${cell.tbl}\u0000${cell.pk}`;
    const columns = byRow.get(key) ?? {};
    columns[cell.col] = cell.value;
    byRow.set(key, columns);
  }
  for (const r of rows.rows) {
    const columns = byRow.get(`${r.tbl}\u0000${r.pk}`);
    // a row the hub knows only from a delete or restore (its cells not pushed yet) is not a row yet
    if (!columns || !state[r.tbl]) continue;
    state[r.tbl].push({ pk: r.pk, contactId: r.contact_id, row: { ...columns, deleted_at: r.deleted_at, deletion_id: r.deletion_id } });
  }
  for (const table of SYNC_TABLES) state[table].sort((a, b) => (a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : 0));
  return state;
}
