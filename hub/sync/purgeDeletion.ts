import { RELATED_TABLES } from '../../shared/sync/dump.ts';
import { SYNC_LIMITS, type SyncMessage } from '../../shared/sync/protocol.ts';
import type { Tx } from '../db/pool.ts';
import { nextHubHlc } from './hubClock.ts';

// Record deletions are purged too (docs/sync.md): a related record deleted on its own (a deletion of kind
// `record`: a note, a task...) is erased for good once the retention period has passed since the hub received
// its deletion, on the hub's clock, as the one-machine retention does. The hub erases the rows that deletion
// holds in its state (their cells, their messages, the rows), keeps their ids in purged_rows (so a later message
// naming one is dropped at push) and tells every replica with one `purgeDeletion` message per deletion and
// contact, listing the rows (ids only). The deletion's own row stays, as on one machine.

const DUE_PER_PASS = 5000;

/** Record deletions due at `cutoff` (rows whose deletion of kind 'record' the hub received by then), grouped. */
export async function dueRecordDeletions(
  tx: Tx,
  workspaceId: string,
  cutoff: number,
): Promise<{ deletionId: string; contactId: string; rows: { table: string; pk: string }[] }[]> {
  const { rows } = await tx.query<{ tbl: string; pk: string; contact_id: string; deletion_id: string }>(
    `SELECT r.tbl, r.pk, r.contact_id, r.deletion_id FROM rows r
       JOIN cells k ON k.workspace_id = r.workspace_id AND k.tbl = 'deletions' AND k.pk = r.deletion_id
                   AND k.col = 'kind' AND (k.value #>> '{}') = 'record'
      WHERE r.workspace_id = $1 AND r.tbl <> 'contacts' AND r.deleted_at IS NOT NULL
        AND r.deleted_received_at <= $2 AND r.tbl = ANY($3::text[]) AND r.contact_id IS NOT NULL
      ORDER BY r.deletion_id, r.contact_id, r.tbl, r.pk
      LIMIT $4`,
    [workspaceId, cutoff, [...RELATED_TABLES], DUE_PER_PASS],
  );
  const groups = new Map<string, { deletionId: string; contactId: string; rows: { table: string; pk: string }[] }>();
  for (const r of rows) {
    const key = `${r.deletion_id}\u0000${r.contact_id}`;
    const g = groups.get(key) ?? { deletionId: r.deletion_id, contactId: r.contact_id, rows: [] };
    g.rows.push({ table: r.tbl, pk: r.pk });
    groups.set(key, g);
  }
  return [...groups.values()];
}

/**
 * Purges one record deletion's rows of one contact, in the caller's transaction (which holds the workspace
 * lock), and stores the `purgeDeletion` message. Returns how many rows were erased.
 */
export async function purgeRecordDeletion(
  tx: Tx,
  ws: { workspaceId: string; seq: number; hlc: string | null },
  group: { deletionId: string; contactId: string; rows: { table: string; pk: string }[] },
  now: number,
): Promise<number> {
  // A conversation's messages go with it (on a replica its rows' foreign key cascades, whatever their own
  // state), so they are listed and erased too: every side then holds none of them.
  const conversations = group.rows.filter((r) => r.table === 'conversations').map((r) => r.pk);
  if (conversations.length > 0) {
    const listed = new Set(group.rows.map((r) => `${r.table}\u0000${r.pk}`));
    const { rows: children } = await tx.query<{ pk: string }>(
      `SELECT pk FROM cells WHERE workspace_id = $1 AND tbl = 'messages' AND col = 'conversation_id'
          AND (value #>> '{}') = ANY($2::text[]) ORDER BY pk`,
      [ws.workspaceId, conversations],
    );
    for (const { pk } of children) if (!listed.has(`messages\u0000${pk}`)) group.rows.push({ table: 'messages', pk });
  }
  const tables = group.rows.map((r) => r.table);
  const pks = group.rows.map((r) => r.pk);
  const params = [ws.workspaceId, tables, pks];
  const pairs = 'unnest($2::text[], $3::text[]) AS k(tbl, pk)';
  await tx.query(
    `INSERT INTO purged_rows (workspace_id, tbl, pk, deletion_id, purged_at)
     SELECT $1, k.tbl, k.pk, $4, $5 FROM ${pairs} ON CONFLICT DO NOTHING`,
    [...params, group.deletionId, now],
  );
  for (const table of ['messages', 'cells', 'rows']) {
    await tx.query(
      `DELETE FROM ${table} t USING ${pairs} WHERE t.workspace_id = $1 AND t.tbl = k.tbl AND t.pk = k.pk`,
      params,
    );
  }
  for (let i = 0; i < group.rows.length; i += SYNC_LIMITS.batchMessages) {
    const hlc = nextHubHlc(ws.hlc, now);
    const seq = ws.seq + 1;
    const body: SyncMessage = {
      kind: 'purgeDeletion',
      hlc,
      contactId: group.contactId,
      deletionId: group.deletionId,
      rows: group.rows.slice(i, i + SYNC_LIMITS.batchMessages) as Extract<
        SyncMessage,
        { kind: 'purgeDeletion' }
      >['rows'],
    };
    await tx.query(
      `INSERT INTO messages (workspace_id, seq, hlc, kind, tbl, pk, contact_id, body, member_id, device_id, received_at)
       VALUES ($1, $2, $3, 'purgeDeletion', NULL, NULL, $4, $5, NULL, NULL, $6)`,
      [ws.workspaceId, seq, hlc, group.contactId, JSON.stringify(body), now],
    );
    ws.seq = seq;
    ws.hlc = hlc;
  }
  return group.rows.length;
}

/** A pushed batch without the messages naming a row a record deletion's purge erased (dropped, as late). */
export async function withoutPurgedRows<M extends SyncMessage>(
  tx: Tx,
  workspaceId: string,
  messages: readonly M[],
): Promise<M[]> {
  const named = messages.filter((m) => 'table' in m && (RELATED_TABLES as readonly string[]).includes(m.table));
  if (named.length === 0) return [...messages];
  const { rows } = await tx.query<{ tbl: string; pk: string }>(
    `SELECT p.tbl, p.pk FROM purged_rows p JOIN unnest($2::text[], $3::text[]) AS k(tbl, pk)
         ON p.workspace_id = $1 AND p.tbl = k.tbl AND p.pk = k.pk`,
    [workspaceId, named.map((m) => ('table' in m ? m.table : '')), named.map((m) => ('pk' in m ? m.pk : ''))],
  );
  if (rows.length === 0) return [...messages];
  const gone = new Set(rows.map((r) => `${r.tbl}\u0000${r.pk}`));
  return messages.filter((m) => !('table' in m) || !gone.has(`${m.table}\u0000${m.pk}`));
}
