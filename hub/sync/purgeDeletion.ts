import { RELATED_TABLES } from '../../shared/sync/dump.ts';
import { SYNC_LIMITS, type SyncMessage } from '../../shared/sync/protocol.ts';
import type { Tx } from '../db/pool.ts';
import { nextHubHlc } from './hubClock.ts';
import { hubLifecycle, type StoredLifecycle } from './lifecycle.ts';
import { eraseRows } from './rowOwners.ts';
import { foldStoredRows, valueOf } from './storedRows.ts';

// Record deletions are purged too (docs/sync.md): a related record deleted on its own (a deletion of kind
// `record`: a note, a task...) is erased for good once the retention period has passed since the hub received
// its deletion, on the hub's clock, as the one-machine retention does. The hub erases the rows that deletion
// holds (their messages, and a row of theirs in `rows` if any), keeps their ids in purged_rows (so a later message
// naming one is dropped at push) and tells every replica with one `purgeDeletion` message per deletion and
// contact, listing the rows (ids only). The deletion's own row stays, as on one machine.

const DUE_PER_PASS = 5000;

/** What a retention pass read (for the tests and the benchmark: a pass with nothing new reads nothing). */
export type RetentionReport = { lifecycleRead: number; folded: number };

/**
 * Brings retention_pending up to date (hub migration 009): the lifecycle messages stored since the last pass
 * (the cursor) put their related rows, and the related rows with a delete of their own of each contact whose
 * delete or restore came, back to "fold again" (received_at NULL). Reads nothing when nothing new was stored.
 */
async function notePending(tx: Tx, workspaceId: string, seqNow: number, report?: RetentionReport): Promise<void> {
  const cursor = await tx.query<{ lifecycle_seq: string }>(
    'SELECT lifecycle_seq FROM retention_cursor WHERE workspace_id = $1',
    [workspaceId],
  );
  const after = Number(cursor.rows[0]?.lifecycle_seq ?? 0);
  if (after >= seqNow) return;
  const { rows: fresh } = await tx.query<{ tbl: string; pk: string }>(
    `SELECT tbl, pk FROM messages
      WHERE workspace_id = $1 AND seq > $2 AND seq <= $3 AND kind IN ('delete', 'restore')`,
    [workspaceId, after, seqNow],
  );
  if (report) report.lifecycleRead += fresh.length;
  const related = new Set<string>((RELATED_TABLES as readonly string[]).filter((t) => t !== 'contacts'));
  const keys = new Map<string, { tbl: string; pk: string }>();
  const contacts = new Set<string>();
  for (const m of fresh) {
    if (m.tbl === 'contacts') contacts.add(m.pk);
    else if (related.has(m.tbl)) keys.set(`${m.tbl}\u0000${m.pk}`, m);
  }
  if (contacts.size > 0) {
    // a contact's delete or restore moves the fold of its rows deleted on their own (found by the contact's name)
    const { rows } = await tx.query<{ tbl: string; pk: string }>(
      `SELECT DISTINCT tbl, pk FROM messages
        WHERE contact_id = ANY($2::text[]) AND workspace_id COLLATE "C" = $1 AND kind = 'delete' AND tbl <> 'contacts'`,
      [workspaceId, [...contacts]],
    );
    for (const r of rows) if (related.has(r.tbl)) keys.set(`${r.tbl}\u0000${r.pk}`, r);
  }
  if (keys.size > 0) {
    const list = [...keys.values()];
    await tx.query(
      `INSERT INTO retention_pending (workspace_id, tbl, pk, received_at)
       SELECT $1, k.tbl, k.pk, NULL FROM unnest($2::text[], $3::text[]) AS k(tbl, pk)
       ON CONFLICT (workspace_id, tbl, pk) DO UPDATE SET received_at = NULL`,
      [workspaceId, list.map((k) => k.tbl), list.map((k) => k.pk)],
    );
  }
  await tx.query(
    `INSERT INTO retention_cursor (workspace_id, lifecycle_seq) VALUES ($1, $2)
     ON CONFLICT (workspace_id) DO UPDATE SET lifecycle_seq = excluded.lifecycle_seq`,
    [workspaceId, seqNow],
  );
}

/**
 * Record deletions due at `cutoff`, grouped by deletion and contact. A related row's lifecycle is not kept in
 * `rows` (docs/sync.md, "Volume"): it is folded here from its own and its contact's delete/restore messages, as
 * hubDump folds it. A row is due when the deletion in effect is of kind 'record' (the deletion's folded `kind`)
 * and the hub received it by `cutoff`. Only the rows of retention_pending that are new, changed or due are
 * folded (notePending); a row found live or deleted with its contact leaves the list, one whose record deletion
 * is not due yet keeps its receipt time and is not read again until it is due or changes.
 */
export async function dueRecordDeletions(
  tx: Tx,
  workspaceId: string,
  cutoff: number,
  seqNow: number,
  report?: RetentionReport,
): Promise<{ deletionId: string; contactId: string; rows: { table: string; pk: string }[] }[]> {
  await notePending(tx, workspaceId, seqNow, report);
  const { rows: deletes } = await tx.query<{ tbl: string; pk: string }>(
    `SELECT tbl, pk FROM retention_pending
      WHERE workspace_id = $1 AND (received_at IS NULL OR received_at <= $2)`,
    [workspaceId, cutoff],
  );
  if (report) report.folded += deletes.length;
  if (deletes.length === 0) return [];
  const { rows: events } = await tx.query<{
    tbl: string;
    pk: string;
    contact_id: string | null;
    hlc: string;
    body: SyncMessage;
    received_at: number;
  }>(
    `SELECT m.tbl, m.pk, m.contact_id, m.hlc, m.body, m.received_at FROM messages m
       JOIN unnest($2::text[], $3::text[]) AS k(tbl, pk) ON m.tbl = k.tbl AND m.pk = k.pk
      WHERE m.workspace_id = $1 AND m.kind IN ('delete', 'restore') ORDER BY m.seq`,
    [workspaceId, deletes.map((d) => d.tbl), deletes.map((d) => d.pk)],
  );
  const own = new Map<string, { contactId: string | null; list: StoredLifecycle[] }>();
  for (const e of events) {
    const key = `${e.tbl}\u0000${e.pk}`;
    const entry = own.get(key) ?? { contactId: null, list: [] };
    entry.contactId = e.contact_id ?? entry.contactId; // the newest message's contact (a merge moves records)
    entry.list.push({ hlc: e.hlc, body: e.body, receivedAt: e.received_at });
    own.set(key, entry);
  }
  const contactIds = [...new Set([...own.values()].map((e) => e.contactId).filter((c): c is string => c !== null))];
  const { rows: contactEvents } = await tx.query<{ pk: string; hlc: string; body: SyncMessage; received_at: number }>(
    `SELECT pk, hlc, body, received_at FROM messages
      WHERE workspace_id = $1 AND tbl = 'contacts' AND pk = ANY($2::text[]) AND kind IN ('delete', 'restore')
      ORDER BY seq`,
    [workspaceId, contactIds],
  );
  const contactLife = new Map<string, StoredLifecycle[]>();
  for (const e of contactEvents) {
    const list = contactLife.get(e.pk) ?? [];
    list.push({ hlc: e.hlc, body: e.body, receivedAt: e.received_at });
    contactLife.set(e.pk, list);
  }
  const deleted: { tbl: string; pk: string; contactId: string; deletionId: string; receivedAt: number }[] = [];
  const gone: { tbl: string; pk: string }[] = [];
  for (const d of deletes) {
    const entry = own.get(`${d.tbl}\u0000${d.pk}`);
    const state = entry?.contactId ? hubLifecycle(entry.list, contactLife.get(entry.contactId) ?? []) : null;
    if (!entry?.contactId || !state || state.deletionId === null || state.receivedAt === null) gone.push(d);
    else deleted.push({ ...d, contactId: entry.contactId, deletionId: state.deletionId, receivedAt: state.receivedAt });
  }
  const deletions = await foldStoredRows(tx, workspaceId, `tbl = 'deletions' AND pk = ANY($2::text[])`, [
    [...new Set(deleted.map((d) => d.deletionId))],
  ]);
  const isRecord = (deletionId: string) => valueOf(deletions.get(`deletions\u0000${deletionId}`), 'kind') === 'record';
  const waiting = deleted.filter((d) => isRecord(d.deletionId));
  for (const d of deleted) {
    const kind = valueOf(deletions.get(`deletions\u0000${d.deletionId}`), 'kind');
    if (kind !== undefined && kind !== 'record') gone.push(d); // a deletion not known yet: folded again next pass
  }
  // live, deleted with the contact, or erased: off the list until a lifecycle message of it or its contact comes
  if (gone.length > 0) {
    await tx.query(
      `DELETE FROM retention_pending p USING unnest($2::text[], $3::text[]) AS k(tbl, pk)
        WHERE p.workspace_id = $1 AND p.tbl = k.tbl AND p.pk = k.pk`,
      [workspaceId, gone.map((g) => g.tbl), gone.map((g) => g.pk)],
    );
  }
  if (waiting.length > 0) {
    await tx.query(
      `UPDATE retention_pending p SET received_at = k.at FROM unnest($2::text[], $3::text[], $4::bigint[]) AS k(tbl, pk, at)
        WHERE p.workspace_id = $1 AND p.tbl = k.tbl AND p.pk = k.pk`,
      [workspaceId, waiting.map((w) => w.tbl), waiting.map((w) => w.pk), waiting.map((w) => w.receivedAt)],
    );
  }
  const ordered = waiting
    .filter((d) => d.receivedAt <= cutoff)
    .sort(
      (a, b) =>
        cmp(a.deletionId, b.deletionId) || cmp(a.contactId, b.contactId) || cmp(a.tbl, b.tbl) || cmp(a.pk, b.pk),
    )
    .slice(0, DUE_PER_PASS);
  const groups = new Map<string, { deletionId: string; contactId: string; rows: { table: string; pk: string }[] }>();
  for (const r of ordered) {
    const key = `${r.deletionId}\u0000${r.contactId}`;
    const g = groups.get(key) ?? { deletionId: r.deletionId, contactId: r.contactId, rows: [] };
    g.rows.push({ table: r.tbl, pk: r.pk });
    groups.set(key, g);
  }
  return [...groups.values()];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

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
    // a conversation's messages are the contact's: found by contact_id, their conversation_id folded
    const folded = await foldStoredRows(tx, ws.workspaceId, `contact_id = $2 AND tbl = 'messages'`, [group.contactId]);
    const wanted = new Set(conversations);
    const children = [...folded.values()]
      .filter((row) => wanted.has(String(valueOf(row, 'conversation_id'))))
      .map((row) => ({ pk: row.pk }))
      .sort((x, y) => cmp(x.pk, y.pk));
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
  await tx.query(
    `DELETE FROM retention_pending p USING ${pairs} WHERE p.workspace_id = $1 AND p.tbl = k.tbl AND p.pk = k.pk`,
    params,
  );
  // their messages by key (hash index of hub migration 008; each group read the whole log without it)
  await eraseRows(tx, ws.workspaceId, group.rows.map((r) => ({ tbl: r.table, pk: r.pk })));
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
