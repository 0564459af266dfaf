import { SYNC_LIMITS, type SyncMessage } from '../../shared/sync/protocol.ts';
import type { Db, Tx } from '../db/pool.ts';
import { inTx } from '../db/pool.ts';
import { HubFailure } from '../server/failure.ts';
import type { Caller } from '../store/members.ts';
import { lockWorkspace } from '../store/workspace.ts';
import { hlcMillis } from '../../shared/sync/hlc.ts';
import { isLifecycleTable } from '../../shared/sync/dump.ts';
import { hubLifecycle, type StoredLifecycle } from './lifecycle.ts';
import { checkBatch, rowKey, type KnownRow } from './permissions.ts';
import { notifyChanged, purgeContact } from './purge.ts';
import { eraseLateCopies } from './eraseCopies.ts';
import { withoutPurgedRows } from './purgeDeletion.ts';
import { crashPoint } from '../server/crashPoint.ts';

export type PushResult = { accepted: number; duplicates: number; dropped: number; seq: number; hubTime: number };

type RowMessage = Extract<SyncMessage, { table: string }>;

/**
 * Stores a pushed batch, all or nothing, in one transaction that holds the workspace's lock:
 * refuse a clock too far ahead and any message the role may not send; drop messages of purged contacts;
 * store each new message once (unique per workspace and HLC) with the next sequence numbers; fold it into the
 * hub's state (cells: last writer by HLC; lifecycle: the fold of the row's delete/restore messages); turn an
 * admin's purge request into a purge; then NOTIFY every hub process.
 */
export async function pushBatch(
  db: Db,
  caller: Caller,
  messages: readonly SyncMessage[],
  now: number,
): Promise<PushResult> {
  messages.forEach((message, index) => {
    if (hlcMillis(message.hlc) > now + SYNC_LIMITS.maxClockAheadMs) {
      throw new HubFailure(
        'CLOCK_AHEAD',
        `Message ${index + 1} is dated ${new Date(hlcMillis(message.hlc)).toISOString()}, more than 5 minutes ahead of the hub (${new Date(now).toISOString()}): set this computer's clock right, then sync again.`,
      );
    }
  });
  return inTx(db, async (tx) => {
    const ws = await lockWorkspace(tx, caller.workspaceId);
    const rowMessages = messages.filter((m): m is RowMessage => m.kind !== 'purge' && m.kind !== 'purgeRequest');
    const bulkActionOfDeletion = await bulkActionsOfDeletions(tx, caller.workspaceId, rowMessages);
    const known = await knownRows(tx, caller.workspaceId, rowMessages, [...bulkActionOfDeletion.values()]);
    const devices = await tx.query<{ device_id: string }>(
      'SELECT device_id FROM devices WHERE workspace_id = $1 AND member_id = $2',
      [caller.workspaceId, caller.memberId],
    );
    const ownDevices = new Set(devices.rows.map((d) => d.device_id));

    const tombstoned = await tombstonedAmong(tx, caller.workspaceId, messages);
    const kept = await withoutPurgedRows(
      tx,
      caller.workspaceId,
      messages.filter((m) => m.contactId === null || !tombstoned.has(m.contactId)),
    );
    const dropped = messages.length - kept.length;
    const existing = await existingHlcs(
      tx,
      caller.workspaceId,
      kept.map((m) => m.hlc),
    );
    const fresh: SyncMessage[] = [];
    const seen = new Set(existing);
    for (const message of kept) {
      if (seen.has(message.hlc)) continue;
      seen.add(message.hlc);
      fresh.push(message);
    }
    const duplicates = kept.length - fresh.length;
    // Only what would be stored is judged: a batch retried after the member's role changed, or a late message
    // of a purged contact, changes nothing whatever it holds.
    const isNew = new Set(fresh);
    checkBatch(messages, {
      role: caller.role,
      memberId: caller.memberId,
      rows: known,
      bulkActionOfDeletion,
      ownDevices,
      isNew: (m) => isNew.has(m),
    });

    const stored = fresh.filter((m): m is RowMessage => m.kind !== 'purgeRequest' && m.kind !== 'purge');
    const seqState = { workspaceId: caller.workspaceId, seq: ws.seq, hlc: ws.hlc };
    if (stored.length > 0) {
      await insertMessages(tx, caller, stored, seqState.seq, now);
      crashPoint('push:stored');
      seqState.seq += stored.length;
      await applyRows(tx, caller, stored, known);
      await applyCells(tx, caller.workspaceId, stored);
      await eraseLateCopies(tx, caller.workspaceId, stored); // import rows copying a purged contact (eraseCopies.ts)
      await refoldLifecycles(tx, caller.workspaceId, stored, known);
    }
    crashPoint('push:applied');
    for (const request of fresh) {
      if (request.kind !== 'purgeRequest') continue;
      await purgeContact(tx, seqState, request.contactId, {
        now,
        memberId: caller.memberId,
        deviceId: caller.deviceId,
      });
    }
    if (seqState.seq !== ws.seq) {
      await tx.query('UPDATE workspaces SET seq = $2, hlc = $3 WHERE workspace_id = $1', [
        caller.workspaceId,
        seqState.seq,
        seqState.hlc,
      ]);
      await notifyChanged(tx, caller.workspaceId, seqState.seq);
    }
    return { accepted: fresh.length, duplicates, dropped, seq: seqState.seq, hubTime: now };
  });
}

/** The rows the batch touches, and the bulk actions its restores belong to or point at (their makers). */
async function knownRows(
  tx: Tx,
  workspaceId: string,
  messages: readonly RowMessage[],
  bulkActions: readonly string[],
): Promise<Map<string, KnownRow>> {
  const keys = uniquePairs(messages.map((m) => [m.table, m.pk]));
  for (const id of bulkActions) keys.push(['bulk_actions', id]);
  for (const m of messages) {
    if (
      m.kind === 'cell' &&
      m.table === 'bulk_actions' &&
      m.column === 'source_action_id' &&
      typeof m.value === 'string'
    ) {
      keys.push(['bulk_actions', m.value]);
    }
  }
  const result = new Map<string, KnownRow>();
  if (keys.length === 0) return result;
  const { rows } = await tx.query<{ tbl: string; pk: string; created_by: string | null; contact_id: string | null }>(
    `SELECT r.tbl, r.pk, r.created_by, r.contact_id FROM rows r
       JOIN unnest($2::text[], $3::text[]) AS k(tbl, pk) ON r.tbl = k.tbl AND r.pk = k.pk
      WHERE r.workspace_id = $1`,
    [workspaceId, keys.map((k) => k[0]), keys.map((k) => k[1])],
  );
  for (const row of rows) result.set(rowKey(row.tbl, row.pk), { createdBy: row.created_by, contactId: row.contact_id });
  return result;
}

/** deletions.bulk_action_id of the deletions the batch restores, and the bulk actions' creators. */
async function bulkActionsOfDeletions(
  tx: Tx,
  workspaceId: string,
  messages: readonly RowMessage[],
): Promise<Map<string, string>> {
  const deletionIds = [...new Set(messages.filter((m) => m.kind === 'restore').map((m) => m.deletionId))];
  const result = new Map<string, string>();
  if (deletionIds.length === 0) return result;
  const { rows } = await tx.query<{ pk: string; value: unknown }>(
    `SELECT pk, value FROM cells WHERE workspace_id = $1 AND tbl = 'deletions' AND col = 'bulk_action_id' AND pk = ANY($2::text[])`,
    [workspaceId, deletionIds],
  );
  for (const row of rows) if (typeof row.value === 'string') result.set(row.pk, row.value);
  return result;
}

async function tombstonedAmong(tx: Tx, workspaceId: string, messages: readonly SyncMessage[]): Promise<Set<string>> {
  const ids = [...new Set(messages.map((m) => m.contactId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Set();
  const { rows } = await tx.query<{ contact_id: string }>(
    'SELECT contact_id FROM tombstones WHERE workspace_id = $1 AND contact_id = ANY($2::text[])',
    [workspaceId, ids],
  );
  return new Set(rows.map((r) => r.contact_id));
}

async function existingHlcs(tx: Tx, workspaceId: string, hlcs: readonly string[]): Promise<string[]> {
  if (hlcs.length === 0) return [];
  const { rows } = await tx.query<{ hlc: string }>(
    'SELECT hlc FROM messages WHERE workspace_id = $1 AND hlc = ANY($2::text[])',
    [workspaceId, hlcs],
  );
  return rows.map((r) => r.hlc);
}

async function insertMessages(
  tx: Tx,
  caller: Caller,
  messages: readonly RowMessage[],
  afterSeq: number,
  now: number,
): Promise<void> {
  await tx.query(
    `INSERT INTO messages (workspace_id, seq, hlc, kind, tbl, pk, contact_id, body, member_id, device_id, received_at)
     SELECT $1, $2 + k.n, k.hlc, k.kind, k.tbl, k.pk, k.contact_id, k.body::json, $3, $4, $5
       FROM unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[]) WITH ORDINALITY
            AS k(hlc, kind, tbl, pk, contact_id, body, n)`,
    [
      caller.workspaceId,
      afterSeq,
      caller.memberId,
      caller.deviceId,
      now,
      messages.map((m) => m.hlc),
      messages.map((m) => m.kind),
      messages.map((m) => m.table),
      messages.map((m) => m.pk),
      messages.map((m) => m.contactId),
      messages.map((m) => JSON.stringify(m)),
    ],
  );
}

/** A row exists on the hub from its first message on; its maker is remembered for the permission checks. */
async function applyRows(
  tx: Tx,
  caller: Caller,
  messages: readonly RowMessage[],
  known: Map<string, KnownRow>,
): Promise<void> {
  const fresh = new Map<string, RowMessage>();
  for (const m of messages) {
    const key = rowKey(m.table, m.pk);
    if (!known.has(key) && !fresh.has(key)) fresh.set(key, m);
  }
  if (fresh.size === 0) return;
  const list = [...fresh.values()];
  await tx.query(
    `INSERT INTO rows (workspace_id, tbl, pk, contact_id, created_by)
     SELECT $1, k.tbl, k.pk, k.contact_id, $2 FROM unnest($3::text[], $4::text[], $5::text[]) AS k(tbl, pk, contact_id)
     ON CONFLICT DO NOTHING`,
    [
      caller.workspaceId,
      caller.memberId,
      list.map((m) => m.table),
      list.map((m) => m.pk),
      list.map((m) => m.contactId),
    ],
  );
}

/** Each (table, row, column) keeps the value of its greatest HLC. */
async function applyCells(tx: Tx, workspaceId: string, messages: readonly RowMessage[]): Promise<void> {
  const newest = new Map<string, Extract<SyncMessage, { kind: 'cell' }>>();
  for (const m of messages) {
    if (m.kind !== 'cell') continue;
    const key = `${m.table}\u0000${m.pk}\u0000${m.column}`;
    const held = newest.get(key);
    if (!held || held.hlc < m.hlc) newest.set(key, m);
  }
  if (newest.size === 0) return;
  const cells = [...newest.values()];
  await tx.query(
    `INSERT INTO cells (workspace_id, tbl, pk, col, value, hlc, contact_id)
     SELECT $1, k.tbl, k.pk, k.col, k.value::json, k.hlc, k.contact_id
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS k(tbl, pk, col, value, hlc, contact_id)
     ON CONFLICT (workspace_id, tbl, pk, col) DO UPDATE SET value = excluded.value, hlc = excluded.hlc
      WHERE excluded.hlc > cells.hlc`,
    [
      workspaceId,
      cells.map((c) => c.table),
      cells.map((c) => c.pk),
      cells.map((c) => c.column),
      cells.map((c) => JSON.stringify(c.value)),
      cells.map((c) => c.hlc),
      cells.map((c) => c.contactId),
    ],
  );
}

/**
 * Rows whose lifecycle may have changed get it folded again from all their lifecycle messages and their
 * contact's: the rows a delete or restore names, and every row of a contact whose own lifecycle moved (its
 * messages cascade onto its rows). A row new in this batch with no delete or restore of its own folds to its
 * contact's state (shared/sync/fold.ts: it starts live and follows its contact's messages), so it takes that
 * state straight from the contact's row: a note added under a contact deleted elsewhere is deleted with it.
 */
async function refoldLifecycles(
  tx: Tx,
  workspaceId: string,
  messages: readonly RowMessage[],
  known: Map<string, KnownRow>,
): Promise<void> {
  const touched = uniquePairs(
    messages.filter((m) => m.kind !== 'cell' && isLifecycleTable(m.table)).map((m) => [m.table, m.pk]),
  );
  // each row's contact as the hub holds it (rows.contact_id): the known row's, or the first message's that made it
  const contactIdOf = new Map<string, string | null>();
  for (const m of messages) {
    const key = rowKey(m.table, m.pk);
    if (!contactIdOf.has(key)) contactIdOf.set(key, known.get(key)?.contactId ?? m.contactId);
  }
  const movedContacts = new Set(messages.filter((m) => m.kind !== 'cell' && m.table === 'contacts').map((m) => m.pk));
  if (movedContacts.size > 0) {
    const related = await tx.query<{ tbl: string; pk: string; contact_id: string | null }>(
      `SELECT tbl, pk, contact_id FROM rows WHERE workspace_id = $1 AND contact_id = ANY($2::text[]) AND tbl <> 'contacts'`,
      [workspaceId, [...movedContacts]],
    );
    for (const r of related.rows) {
      touched.push([r.tbl, r.pk]);
      contactIdOf.set(rowKey(r.tbl, r.pk), r.contact_id);
    }
  }
  const refolded = new Set(touched.map(([t, p]) => rowKey(t, p)));
  const newRows = uniquePairs(
    messages
      .filter(
        (m) =>
          m.table !== 'contacts' &&
          isLifecycleTable(m.table) &&
          m.contactId !== null &&
          !movedContacts.has(m.contactId) &&
          !known.has(rowKey(m.table, m.pk)) &&
          !refolded.has(rowKey(m.table, m.pk)),
      )
      .map((m) => [m.table, m.pk]),
  );
  if (newRows.length > 0) {
    await tx.query(
      `UPDATE rows r SET deleted_at = c.deleted_at, deletion_id = c.deletion_id, deleted_received_at = c.deleted_received_at
         FROM unnest($2::text[], $3::text[]) AS k(tbl, pk), rows c
        WHERE r.workspace_id = $1 AND r.tbl = k.tbl AND r.pk = k.pk
          AND c.workspace_id = $1 AND c.tbl = 'contacts' AND c.pk = r.contact_id AND c.deleted_at IS NOT NULL`,
      [workspaceId, newRows.map((t) => t[0]), newRows.map((t) => t[1])],
    );
  }
  const rows = uniquePairs(touched);
  if (rows.length === 0) return;
  const contactIds = [
    ...new Set(
      rows
        .map(([t, p]) => (t === 'contacts' ? null : (contactIdOf.get(rowKey(t, p)) ?? null)))
        .filter((c): c is string => c !== null),
    ),
  ];
  const wanted = uniquePairs([...rows, ...contactIds.map((c): [string, string] => ['contacts', c])]);
  const { rows: found } = await tx.query<{
    tbl: string;
    pk: string;
    hlc: string;
    body: SyncMessage;
    received_at: number;
  }>(
    `SELECT m.tbl, m.pk, m.hlc, m.body, m.received_at FROM messages m
       JOIN unnest($2::text[], $3::text[]) AS k(tbl, pk) ON m.tbl = k.tbl AND m.pk = k.pk
      WHERE m.workspace_id = $1 AND m.kind IN ('delete', 'restore')`,
    [workspaceId, wanted.map((t) => t[0]), wanted.map((t) => t[1])],
  );
  const byRow = new Map<string, StoredLifecycle[]>();
  for (const m of found) {
    const key = rowKey(m.tbl, m.pk);
    const list = byRow.get(key) ?? [];
    list.push({ hlc: m.hlc, body: m.body, receivedAt: m.received_at });
    byRow.set(key, list);
  }
  const folded = rows.map(([tbl, pk]) => {
    const contactId = tbl === 'contacts' ? null : (contactIdOf.get(rowKey(tbl, pk)) ?? null);
    const contact = contactId === null ? null : (byRow.get(rowKey('contacts', contactId)) ?? []);
    return { tbl, pk, state: hubLifecycle(byRow.get(rowKey(tbl, pk)) ?? [], contact) };
  });
  await tx.query(
    `UPDATE rows r SET deleted_at = k.deleted_at, deletion_id = k.deletion_id, deleted_received_at = k.received_at
       FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::bigint[]) AS k(tbl, pk, deleted_at, deletion_id, received_at)
      WHERE r.workspace_id = $1 AND r.tbl = k.tbl AND r.pk = k.pk`,
    [
      workspaceId,
      folded.map((f) => f.tbl),
      folded.map((f) => f.pk),
      folded.map((f) => f.state.deletedAt),
      folded.map((f) => f.state.deletionId),
      folded.map((f) => f.state.receivedAt),
    ],
  );
}

function uniquePairs(pairs: [string, string][]): [string, string][] {
  const seen = new Map<string, [string, string]>();
  for (const pair of pairs) seen.set(rowKey(pair[0], pair[1]), pair);
  return [...seen.values()];
}
