import { keyColumns, normalizeDump, type Dump, CREATION_COLUMN, isLifecycleTable } from '../../shared/sync/dump.ts';
import { lww, needsReview, type Cell } from '../../shared/sync/fold.ts';
import { cellWrites, SYNC_TABLES, type SyncMessage, type SyncTable } from '../../shared/sync/protocol.ts';
import type { Db } from '../db/pool.ts';
import { hubLifecycle, type StoredLifecycle } from './lifecycle.ts';

type Value = string | number | boolean | null;

/**
 * The hub's state of one workspace as the normalized dump every replica must equal (shared/sync/dump.ts).
 * Each contact's lifecycle is the state the hub keeps as it stores pushes (`rows`, for retention); everything
 * else is folded here from the log, which holds it already (docs/sync.md, "Volume"): each column's last writer
 * by HLC (a row message is one cell per column), a related row's contact (its newest contact_id cell: a merge
 * moves records) and its lifecycle (the fold of its own and that contact's delete/restore messages). Only tests
 * and audits ask for it; the convergence tests compare it with every replica's and with `materialize` of the log.
 */
export async function hubDump(db: Db, workspaceId: string): Promise<Dump> {
  const contactRows = await db.query<{ pk: string; deleted_at: number | null; deletion_id: string | null }>(
    `SELECT pk, deleted_at, deletion_id FROM rows WHERE workspace_id = $1 AND tbl = 'contacts'`,
    [workspaceId],
  );
  const log = await db.query<{ hlc: string; body: SyncMessage; received_at: number }>(
    `SELECT hlc, body, received_at FROM messages WHERE workspace_id = $1 AND kind IN ('cell', 'row', 'delete', 'restore')
      ORDER BY seq`,
    [workspaceId],
  );
  const purged = await db.query<{ contact_id: string }>('SELECT contact_id FROM tombstones WHERE workspace_id = $1', [
    workspaceId,
  ]);

  const cells = new Map<string, { table: SyncTable; pk: string; columns: Map<string, Cell<Value>> }>();
  const life = new Map<string, StoredLifecycle[]>();
  const contactOf = new Map<string, string | null>();
  for (const { hlc, body: m, received_at } of log.rows) {
    if (m.kind === 'purge' || m.kind === 'purgeRequest' || m.kind === 'purgeDeletion') continue;
    const key = `${m.table}\u0000${m.pk}`;
    contactOf.set(key, m.contactId);
    if (m.kind === 'delete' || m.kind === 'restore') {
      const list = life.get(key) ?? [];
      list.push({ hlc, body: m, receivedAt: received_at });
      life.set(key, list);
      continue;
    }
    let row = cells.get(key);
    if (!row) cells.set(key, (row = { table: m.table, pk: m.pk, columns: new Map() }));
    const writes = cellWrites(m);
    for (const [column, value] of writes) {
      const incoming: Cell<Value> = { hlc, value };
      const current = row.columns.get(column);
      row.columns.set(column, current ? lww(current, incoming) : incoming);
    }
  }
  const contactLife = new Map(contactRows.rows.map((r) => [r.pk, r]));

  const tables = Object.fromEntries(SYNC_TABLES.map((t) => [t, [] as Record<string, unknown>[]])) as Record<
    SyncTable,
    Record<string, unknown>[]
  >;
  const createdHlc = new Map<string, string>();
  // a row the hub knows only from a delete or restore (its cells not pushed yet) is not a row yet
  for (const [key, { table, pk, columns }] of cells) {
    const row: Record<string, unknown> = {};
    for (const [column, cell] of columns) row[column] = cell.value;
    Object.assign(row, keyColumns(table, pk));
    if (table === 'contacts') {
      const state = contactLife.get(pk);
      row.deleted_at = state?.deleted_at ?? null;
      row.deletion_id = state?.deletion_id ?? null;
      createdHlc.set(pk, columns.get(CREATION_COLUMN('contacts'))?.hlc ?? minHlc(columns));
    } else if (isLifecycleTable(table)) {
      const named = columns.get('contact_id')?.value;
      const contactId = typeof named === 'string' ? named : (contactOf.get(key) ?? null);
      const contact = contactId === null ? null : (life.get(`contacts\u0000${contactId}`) ?? []);
      const state = hubLifecycle(life.get(key) ?? [], contact);
      row.deleted_at = state.deletedAt;
      row.deletion_id = state.deletionId;
    }
    tables[table].push(row);
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
