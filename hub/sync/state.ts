import { keyColumns, normalizeDump, type Dump, CREATION_COLUMN, isLifecycleTable } from '../../shared/sync/dump.ts';
import { lww, needsReview, type Cell } from '../../shared/sync/fold.ts';
import { SYNC_TABLES, type SyncMessage, type SyncTable } from '../../shared/sync/protocol.ts';
import type { Db } from '../db/pool.ts';
import { hubLifecycle, type StoredLifecycle } from './lifecycle.ts';

type Value = string | number | boolean | null;

/**
 * The hub's state of one workspace as the normalized dump every replica must equal (shared/sync/dump.ts). The
 * rows, each related row's contact and each contact's lifecycle are the state the hub keeps as it stores pushes
 * (`rows`, migration 003); the columns' values (last writer by HLC, a row message one cell per column) and a
 * related row's lifecycle (the fold of its own and its contact's delete/restore messages) are folded here from
 * the log, which holds them already. Only tests and audits ask for it; the convergence tests compare it with
 * what every replica holds and with `materialize` of the log.
 */
export async function hubDump(db: Db, workspaceId: string): Promise<Dump> {
  const rows = await db.query<{
    tbl: SyncTable;
    pk: string;
    contact_id: string | null;
    deleted_at: number | null;
    deletion_id: string | null;
  }>('SELECT tbl, pk, contact_id, deleted_at, deletion_id FROM rows WHERE workspace_id = $1', [workspaceId]);
  const log = await db.query<{ hlc: string; body: SyncMessage; received_at: number }>(
    `SELECT hlc, body, received_at FROM messages WHERE workspace_id = $1 AND kind IN ('cell', 'row', 'delete', 'restore')`,
    [workspaceId],
  );
  const purged = await db.query<{ contact_id: string }>('SELECT contact_id FROM tombstones WHERE workspace_id = $1', [
    workspaceId,
  ]);

  const cells = new Map<string, Map<string, Cell<Value>>>();
  const life = new Map<string, StoredLifecycle[]>();
  for (const { hlc, body: m, received_at } of log.rows) {
    if (m.kind === 'purge' || m.kind === 'purgeRequest') continue;
    const key = `${m.table}\u0000${m.pk}`;
    if (m.kind === 'delete' || m.kind === 'restore') {
      const list = life.get(key) ?? [];
      list.push({ hlc, body: m, receivedAt: received_at });
      life.set(key, list);
      continue;
    }
    let row = cells.get(key);
    if (!row) cells.set(key, (row = new Map()));
    const writes = m.kind === 'cell' ? [[m.column, m.value] as const] : Object.entries(m.values);
    for (const [column, value] of writes) {
      const incoming: Cell<Value> = { hlc, value };
      const current = row.get(column);
      row.set(column, current ? lww(current, incoming) : incoming);
    }
  }

  const tables = Object.fromEntries(SYNC_TABLES.map((t) => [t, [] as Record<string, unknown>[]])) as Record<
    SyncTable,
    Record<string, unknown>[]
  >;
  const createdHlc = new Map<string, string>();
  for (const r of rows.rows) {
    const key = `${r.tbl}\u0000${r.pk}`;
    const columns = cells.get(key);
    // a row the hub knows only from a delete or restore (its cells not pushed yet) is not a row yet
    if (!columns || !tables[r.tbl]) continue;
    const row: Record<string, unknown> = {};
    for (const [column, cell] of columns) row[column] = cell.value;
    Object.assign(row, keyColumns(r.tbl, r.pk));
    if (r.tbl === 'contacts') {
      row.deleted_at = r.deleted_at;
      row.deletion_id = r.deletion_id;
      createdHlc.set(r.pk, columns.get(CREATION_COLUMN('contacts'))?.hlc ?? minHlc(columns));
    } else if (isLifecycleTable(r.tbl)) {
      const contact = r.contact_id === null ? null : (life.get(`contacts\u0000${r.contact_id}`) ?? []);
      const state = hubLifecycle(life.get(key) ?? [], contact);
      row.deleted_at = state.deletedAt;
      row.deletion_id = state.deletionId;
    }
    tables[r.tbl].push(row);
  }
  const contacts = tables.contacts;
  const flagged = needsReview(
    contacts
      .filter((c) => c.deleted_at === null)
      .map((c) => ({
        id: String(c.id),
        createdHlc: createdHlc.get(String(c.id)) ?? '',
        email: typeof c.email === 'string' ? c.email : null,
        phoneDigits: typeof c.phone_digits === 'string' ? c.phone_digits : null,
      })),
  );
  for (const c of contacts) c.review_of = flagged.get(String(c.id)) ?? null;
  return normalizeDump({ tables, purged: purged.rows.map((p) => p.contact_id) });
}

function minHlc(row: Map<string, Cell<Value>>): string {
  let min = '';
  for (const c of row.values()) if (min === '' || c.hlc < min) min = c.hlc;
  return min;
}
