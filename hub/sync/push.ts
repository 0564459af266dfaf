import { SYNC_LIMITS, type SyncMessage } from '../../shared/sync/protocol.ts';
import type { Db, Tx } from '../db/pool.ts';
import { inTx } from '../db/pool.ts';
import { HubFailure } from '../server/failure.ts';
import type { Caller } from '../store/members.ts';
import { lockWorkspace } from '../store/workspace.ts';
import { hlcMillis } from '../../shared/sync/hlc.ts';
import { hubLifecycle, type StoredLifecycle } from './lifecycle.ts';
import { TABLES_WITH_A_MAKER, checkBatch, rowKey, written, type KnownRow } from './permissions.ts';
import { notifyChanged, purgeContact } from './purge.ts';
import { eraseLateCopies, eraseSupersededHeaders } from './eraseCopies.ts';
import { withoutPurgedRows } from './purgeDeletion.ts';
import { followOwners } from './rowOwners.ts';
import { crashPoint } from '../server/crashPoint.ts';

export type PushResult = { accepted: number; duplicates: number; dropped: number; seq: number; hubTime: number };

type RowMessage = Extract<SyncMessage, { table: string }>;

/**
 * Stores a pushed batch, all or nothing, in one transaction that holds the workspace's lock:
 * refuse a clock too far ahead and any message the role may not send; drop messages of purged contacts;
 * store each new message once (unique per workspace and HLC) with the next sequence numbers; keep the little
 * state the hub's own rules need (the maker of records that name one, a deletion's bulk action, a contact's
 * folded lifecycle for retention); turn an admin's purge request into a purge; then NOTIFY every hub process.
 * The columns' values, and the lifecycle of a contact's records, stay in the log (hubDump folds them).
 */
export async function pushBatch(
  db: Db,
  caller: Caller,
  pushed: readonly SyncMessage[],
  now: number,
): Promise<PushResult> {
  pushed.forEach((message, index) => {
    if (hlcMillis(message.hlc) > now + SYNC_LIMITS.maxClockAheadMs) {
      throw new HubFailure(
        'CLOCK_AHEAD',
        `Message ${index + 1} is dated ${new Date(hlcMillis(message.hlc)).toISOString()}, more than 5 minutes ahead of the hub (${new Date(now).toISOString()}): set this computer's clock right, then sync again.`,
      );
    }
  });
  return inTx(db, async (tx) => {
    const ws = await lockWorkspace(tx, caller.workspaceId);
    const rowMessages = pushed.filter((m): m is RowMessage => m.kind !== 'purge' && m.kind !== 'purgeRequest');
    const bulkActionOfDeletion = await bulkActionsOfDeletions(tx, caller.workspaceId, rowMessages);
    const known = await knownRows(tx, caller.workspaceId, rowMessages, [...bulkActionOfDeletion.values()]);
    const devices = await tx.query<{ device_id: string }>(
      'SELECT device_id FROM devices WHERE workspace_id = $1 AND member_id = $2',
      [caller.workspaceId, caller.memberId],
    );
    const ownDevices = new Set(devices.rows.map((d) => d.device_id));

    const tombstoned = await tombstonedAmong(tx, caller.workspaceId, pushed);
    // a late edit of a row merged away from a contact purged since is its new contact's (rowOwners.ts)
    const messages = await followOwners(tx, caller.workspaceId, pushed, tombstoned);
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
      await refoldContacts(tx, caller, stored);
      await eraseLateCopies(tx, caller.workspaceId, stored); // import rows copying a purged contact (eraseCopies.ts)
      await eraseSupersededHeaders(tx, caller.workspaceId, stored); // column names renamed by a member's purge
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

/**
 * The rows whose maker the checks need (TABLES_WITH_A_MAKER) that the batch touches, and the bulk actions its
 * restores belong to or point at. Contacts and their records are not looked up: any member may write them.
 * One indexed lookup per table (`pk = ANY`): a join with the keys made PostgreSQL hash the whole rows table.
 */
async function knownRows(
  tx: Tx,
  workspaceId: string,
  messages: readonly RowMessage[],
  bulkActions: readonly string[],
): Promise<Map<string, KnownRow>> {
  const byTable = new Map<string, Set<string>>();
  const want = (table: string, pk: string) => {
    if (!TABLES_WITH_A_MAKER.has(table)) return;
    const set = byTable.get(table) ?? new Set<string>();
    set.add(pk);
    byTable.set(table, set);
  };
  for (const m of messages) {
    want(m.table, m.pk);
    const source = written(m, 'bulk_actions', 'source_action_id');
    if (typeof source === 'string') want('bulk_actions', source);
  }
  for (const id of bulkActions) want('bulk_actions', id);
  const result = new Map<string, KnownRow>();
  for (const [table, pks] of byTable) {
    const { rows } = await tx.query<{ pk: string; created_by: string | null; contact_id: string | null }>(
      'SELECT pk, created_by, contact_id FROM rows WHERE workspace_id = $1 AND tbl = $2 AND pk = ANY($3::text[])',
      [workspaceId, table, [...pks]],
    );
    for (const row of rows) result.set(rowKey(table, row.pk), { createdBy: row.created_by, contactId: row.contact_id });
  }
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
  const { rows } = await tx.query<{ pk: string; bulk_action_id: string }>(
    `SELECT pk, bulk_action_id FROM rows
      WHERE workspace_id = $1 AND tbl = 'deletions' AND pk = ANY($2::text[]) AND bulk_action_id IS NOT NULL`,
    [workspaceId, deletionIds],
  );
  for (const row of rows) result.set(row.pk, row.bulk_action_id);
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
    // the times as one JSON array (see insertMessages), made an array once so the unique index answers
    'SELECT hlc FROM messages WHERE workspace_id = $1 AND hlc = ANY(ARRAY(SELECT json_array_elements_text($2::json)))',
    [workspaceId, JSON.stringify(hlcs)],
  );
  return rows.map((r) => r.hlc);
}

/**
 * The batch's new messages in one statement, numbered after `afterSeq` in batch order. Every column travels as
 * one JSON array (split by PostgreSQL; a body's text kept as it is): node-postgres's text[] literals escape each
 * element one by one, and for 5,000 JSON bodies that cost more than the insert itself.
 */
async function insertMessages(
  tx: Tx,
  caller: Caller,
  messages: readonly RowMessage[],
  afterSeq: number,
  now: number,
): Promise<void> {
  await tx.query(
    `INSERT INTO messages (workspace_id, seq, hlc, kind, tbl, pk, contact_id, body, member_id, device_id, received_at)
     SELECT $1, $2 + k.n, k.hlc, k.kind, k.tbl, k.pk, k.contact_id, k.body, $3, $4, $5
       FROM ROWS FROM (json_array_elements_text($6::json), json_array_elements_text($7::json),
                       json_array_elements_text($8::json), json_array_elements_text($9::json),
                       json_array_elements_text($10::json), json_array_elements($11::json)) WITH ORDINALITY
            AS k(hlc, kind, tbl, pk, contact_id, body, n)`,
    [
      caller.workspaceId,
      afterSeq,
      caller.memberId,
      caller.deviceId,
      now,
      JSON.stringify(messages.map((m) => m.hlc)),
      JSON.stringify(messages.map((m) => m.kind)),
      JSON.stringify(messages.map((m) => m.table)),
      JSON.stringify(messages.map((m) => m.pk)),
      JSON.stringify(messages.map((m) => m.contactId)),
      JSON.stringify(messages),
    ],
  );
}

type MadeRow = {
  table: string;
  pk: string;
  contactId: string | null;
  bulkActionId: string | null;
  bulkActionHlc: string | null;
};

/**
 * The rows whose maker the permission checks ask for (TABLES_WITH_A_MAKER: deletion and bulk action records,
 * audit entries): made at their first message, with the member who sent it, never changed by a later one; a
 * deletion also keeps its bulk action (its newest bulk_action_id cell). Contacts and their records need no row
 * here: their columns are in the log, a contact's lifecycle gets its row when its first delete or restore comes.
 */
async function applyRows(
  tx: Tx,
  caller: Caller,
  messages: readonly RowMessage[],
  known: ReadonlyMap<string, KnownRow>,
): Promise<void> {
  const made = new Map<string, MadeRow>();
  for (const m of messages) {
    if (!TABLES_WITH_A_MAKER.has(m.table)) continue;
    const key = rowKey(m.table, m.pk);
    let row = made.get(key);
    if (!row) {
      row = { table: m.table, pk: m.pk, contactId: m.contactId, bulkActionId: null, bulkActionHlc: null };
      made.set(key, row);
    }
    const bulkAction = m.table === 'deletions' ? written(m, 'deletions', 'bulk_action_id') : undefined;
    if (typeof bulkAction === 'string' && (row.bulkActionHlc === null || m.hlc > row.bulkActionHlc)) {
      row.bulkActionId = bulkAction;
      row.bulkActionHlc = m.hlc;
    }
  }
  // a row the hub has already is written only when the batch moves its deletion's bulk action
  const list = [...made.values()].filter((r) => r.bulkActionHlc !== null || !known.has(rowKey(r.table, r.pk)));
  if (list.length === 0) return;
  await tx.query(
    `INSERT INTO rows (workspace_id, tbl, pk, contact_id, bulk_action_id, bulk_action_hlc, created_by)
     SELECT $1, k.tbl, k.pk, k.contact_id, k.bulk_action_id, k.bulk_action_hlc, $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
            AS k(tbl, pk, contact_id, bulk_action_id, bulk_action_hlc)
     ON CONFLICT (workspace_id, tbl, pk) DO UPDATE SET
       bulk_action_id = excluded.bulk_action_id, bulk_action_hlc = excluded.bulk_action_hlc
     WHERE excluded.bulk_action_hlc > COALESCE(rows.bulk_action_hlc, '')`,
    [
      caller.workspaceId,
      caller.memberId,
      list.map((r) => r.table),
      list.map((r) => r.pk),
      list.map((r) => r.contactId),
      list.map((r) => r.bulkActionId),
      list.map((r) => r.bulkActionHlc),
    ],
  );
}

/**
 * A contact whose delete or restore arrived gets its lifecycle folded again from all its lifecycle messages
 * (shared/sync/fold.ts, in HLC order, so a late message lands in its place): retention counts from it. Its
 * related rows' lifecycles are not stored: they follow from the contact's messages and their own (the fold with
 * contact events), which is what lets a contact's deletion travel as one message (docs/sync.md, "Volume").
 */
async function refoldContacts(tx: Tx, caller: Caller, messages: readonly RowMessage[]): Promise<void> {
  const contacts = [
    ...new Set(messages.filter((m) => isLifecycleMessage(m) && m.table === 'contacts').map((m) => m.pk)),
  ];
  if (contacts.length === 0) return;
  const { rows: found } = await tx.query<{ pk: string; hlc: string; body: SyncMessage; received_at: number }>(
    `SELECT pk, hlc, body, received_at FROM messages
      WHERE workspace_id = $1 AND tbl = 'contacts' AND pk = ANY($2::text[]) AND kind IN ('delete', 'restore')`,
    [caller.workspaceId, contacts],
  );
  const byContact = new Map<string, StoredLifecycle[]>();
  for (const m of found) {
    const list = byContact.get(m.pk) ?? [];
    list.push({ hlc: m.hlc, body: m.body, receivedAt: m.received_at });
    byContact.set(m.pk, list);
  }
  const folded = contacts.map((pk) => ({ pk, state: hubLifecycle(byContact.get(pk) ?? [], null) }));
  await tx.query(
    `INSERT INTO rows (workspace_id, tbl, pk, contact_id, created_by, deleted_at, deletion_id, deleted_received_at)
     SELECT $1, 'contacts', k.pk, k.pk, $2, k.deleted_at, k.deletion_id, k.received_at
       FROM unnest($3::text[], $4::bigint[], $5::text[], $6::bigint[]) AS k(pk, deleted_at, deletion_id, received_at)
     ON CONFLICT (workspace_id, tbl, pk) DO UPDATE SET
       deleted_at = excluded.deleted_at, deletion_id = excluded.deletion_id, deleted_received_at = excluded.deleted_received_at`,
    [
      caller.workspaceId,
      caller.memberId,
      folded.map((f) => f.pk),
      folded.map((f) => f.state.deletedAt),
      folded.map((f) => f.state.deletionId),
      folded.map((f) => f.state.receivedAt),
    ],
  );
}

const isLifecycleMessage = (m: SyncMessage): boolean => m.kind === 'delete' || m.kind === 'restore';
