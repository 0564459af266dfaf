import type { Tx } from '../db/pool.ts';
import { eraseCopiesOf, type ImportHeaders } from './eraseCopies.ts';
import { nextHubHlc } from './hubClock.ts';
import { eraseRows, renameMovedRows, rowsNamedBy } from './rowOwners.ts';
import { SYNC_LIMITS, type SyncMessage } from '../../shared/sync/protocol.ts';

type PurgeMessage = Extract<SyncMessage, { kind: 'purge' }>;
type PurgeRow = NonNullable<PurgeMessage['rows']>[number];
type PurgeKept = NonNullable<PurgeMessage['kept']>[number];

export const CHANGED_CHANNEL = 'kyrios_hub_changed';

/**
 * Purges a contact for good, in the caller's transaction (which holds the workspace lock): every stored message
 * and row of it is erased, a tombstone (its id only) drops any later message naming it, and `purge` messages
 * (one, or more when the rows it erased do not fit one) tell every replica. Returns the sequence and time of
 * the last of them, or null when the contact was purged already.
 */
export async function purgeContact(
  tx: Tx,
  ws: { workspaceId: string; seq: number; hlc: string | null },
  contactId: string,
  input: { now: number; memberId: string | null; deviceId: string | null; headers?: ImportHeaders },
): Promise<{ seq: number; hlc: string } | null> {
  const tomb = await tx.query(
    'INSERT INTO tombstones (workspace_id, contact_id, purged_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [ws.workspaceId, contactId, input.now],
  );
  if (!tomb.rowCount) return null;
  await eraseCopiesOf(tx, ws.workspaceId, contactId, input.headers);
  // A purge erases exactly the rows the contact owns now (rowOwners.ts): a row merged into another contact keeps
  // its messages, named after its owner from now on; a row merged into this one loses those naming its old one.
  const { owned, mixed, movedAway } = await rowsNamedBy(tx, ws.workspaceId, contactId);
  await renameMovedRows(tx, ws.workspaceId, contactId, movedAway);
  await eraseRows(tx, ws.workspaceId, mixed);
  // Found by the hash index on contact_id (migration 004); the workspace is checked on the rows found. Compared
  // under COLLATE "C" (equal ids are equal in any collation) so that no plan reads the whole workspace from the
  // primary key to intersect with it, as one did when PostgreSQL's statistics lagged behind a bulk upload.
  await tx.query('DELETE FROM messages WHERE contact_id = $2 AND workspace_id COLLATE "C" = $1', [
    ws.workspaceId,
    contactId,
  ]);
  await tx.query('DELETE FROM rows WHERE workspace_id = $1 AND contact_id = $2', [ws.workspaceId, contactId]);
  // A move racing the purge (docs/sync.md, "A move racing a purge"): the rows erased are kept by id, so a move
  // of one made offline and pushed late (naming a live contact) is dropped like any message of a purged row.
  if (owned.length > 0) {
    await tx.query(
      `INSERT INTO purged_rows (workspace_id, tbl, pk, deletion_id, purged_at)
       SELECT $1, k.tbl, k.pk, NULL, $4 FROM unnest($2::text[], $3::text[]) AS k(tbl, pk) ON CONFLICT DO NOTHING`,
      [ws.workspaceId, owned.map((r) => r.tbl), owned.map((r) => r.pk), input.now],
    );
  }
  const rows = owned.map((r) => ({ table: r.tbl, pk: r.pk }) as PurgeRow);
  const kept = movedAway.map((r) => ({ table: r.tbl, pk: r.pk, contactId: r.owner }) as PurgeKept);
  // One message lists at most a page's worth of erased rows, and SYNC_LIMITS.purgeKept rows kept; a contact
  // with more takes several. The rows kept start in the first (a replica puts them back under their owner
  // before it erases the contact's rows).
  const per = SYNC_LIMITS.batchMessages;
  const perKept = SYNC_LIMITS.purgeKept;
  let last = { seq: ws.seq, hlc: '' };
  for (let n = 0; n === 0 || n * per < rows.length || n * perKept < kept.length; n++) {
    const hlc = nextHubHlc(ws.hlc, input.now);
    const seq = ws.seq + 1;
    const body: PurgeMessage = { kind: 'purge', hlc, contactId };
    if (rows.length > n * per) body.rows = rows.slice(n * per, (n + 1) * per);
    if (kept.length > n * perKept) body.kept = kept.slice(n * perKept, (n + 1) * perKept);
    await tx.query(
      `INSERT INTO messages (workspace_id, seq, hlc, kind, tbl, pk, contact_id, body, member_id, device_id, received_at)
       VALUES ($1, $2, $3, 'purge', NULL, NULL, $4, $5, $6, $7, $8)`,
      [ws.workspaceId, seq, hlc, contactId, JSON.stringify(body), input.memberId, input.deviceId, input.now],
    );
    ws.seq = seq;
    ws.hlc = hlc;
    last = { seq, hlc };
  }
  return last;
}

/** Tells every hub process on this database (LISTEN/NOTIFY), on commit, that a workspace moved to `seq`. */
export async function notifyChanged(tx: Tx, workspaceId: string, seq: number): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [CHANGED_CHANNEL, JSON.stringify({ w: workspaceId, seq })]);
}
