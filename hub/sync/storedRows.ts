import { lww, type Cell } from '../../shared/sync/fold.ts';
import { cellWrites, type SyncMessage } from '../../shared/sync/protocol.ts';
import type { Tx } from '../db/pool.ts';

type Value = string | number | boolean | null;

/** One row as folded from its stored messages: each column's last writer by HLC. */
export type StoredRow = { table: string; pk: string; contactId: string | null; columns: Map<string, Cell<Value>> };

/**
 * The rows the hub's rules read beyond what `rows` keeps (docs/sync.md, "Volume": the hub keeps no cells),
 * folded from the stored `cell` and `row` messages that match `where` (SQL over `messages`, with `$1` the
 * workspace and further parameters after it), as hubDump folds them: a row message is one cell per column.
 */
export async function foldStoredRows(
  tx: Tx,
  workspaceId: string,
  where: string,
  params: readonly unknown[],
): Promise<Map<string, StoredRow>> {
  const { rows } = await tx.query<{ hlc: string; body: SyncMessage }>(
    `SELECT hlc, body FROM messages WHERE workspace_id COLLATE "C" = $1 AND kind IN ('cell', 'row') AND (${where}) ORDER BY seq`,
    [workspaceId, ...params],
  );
  const folded = new Map<string, StoredRow>();
  for (const { hlc, body: m } of rows) {
    if (m.kind !== 'cell' && m.kind !== 'row') continue;
    const key = `${m.table}\u0000${m.pk}`;
    let row = folded.get(key);
    if (!row) folded.set(key, (row = { table: m.table, pk: m.pk, contactId: m.contactId, columns: new Map() }));
    row.contactId = m.contactId;
    const writes = cellWrites(m);
    for (const [column, value] of writes) {
      const incoming: Cell<Value> = { hlc, value: value as Value };
      const current = row.columns.get(column);
      row.columns.set(column, current ? lww(current, incoming) : incoming);
    }
  }
  return folded;
}

/** A folded row's column value (undefined when no message wrote it). */
export const valueOf = (row: StoredRow | undefined, column: string): Value | undefined =>
  row?.columns.get(column)?.value;
