import { lww, type Cell } from '../../shared/sync/fold.ts';
import { cellWrites, type SyncMessage } from '../../shared/sync/protocol.ts';
import type { Tx } from '../db/pool.ts';

// A purge follows the rows' owner (docs/sync.md, "A purge follows the rows' owner"). A related row belongs to the
// contact its newest `contact_id` write names (a merge moves it with a row message naming the new contact); its
// earlier messages still name the contact it left. So "the messages of contact X" is not "the messages naming X":
// it is every message of the rows X owns now, whatever contact each names, and none of a row X no longer owns.

export type RowKey = { tbl: string; pk: string };
const key = (tbl: string, pk: string) => `${tbl}\u0000${pk}`;

/**
 * The related rows whose messages name `contactId`, split by who owns them now: `owned` (X owns them: every
 * message of theirs goes with X) and `movedAway` (another contact owns them: theirs stay, with `owner`).
 * `mixed` says, of the owned rows, those that also have messages naming another contact (moved to X).
 * Reads the messages naming X (hash index of migration 004) and, only for rows whose messages name more than
 * one contact, their other messages (hash index of migration 008).
 */
export async function rowsNamedBy(
  tx: Tx,
  workspaceId: string,
  contactId: string,
): Promise<{ owned: RowKey[]; mixed: RowKey[]; movedAway: (RowKey & { owner: string })[] }> {
  const { rows: named } = await tx.query<RowKey>(
    `SELECT DISTINCT tbl, pk FROM messages
      WHERE contact_id = $2 AND workspace_id COLLATE "C" = $1 AND tbl <> 'contacts' AND pk IS NOT NULL`,
    [workspaceId, contactId],
  );
  if (named.length === 0) return { owned: [], mixed: [], movedAway: [] };
  const { rows: others } = await tx.query<{ tbl: string; pk: string; hlc: string; body: SyncMessage }>(
    `SELECT m.tbl, m.pk, m.hlc, m.body FROM messages m
      WHERE m.pk = ANY($3::text[]) AND m.tbl <> 'contacts' AND m.workspace_id COLLATE "C" = $1
        AND (m.tbl, m.pk) IN (SELECT * FROM unnest($2::text[], $3::text[]))
        AND m.pk IN (SELECT pk FROM messages o
                      WHERE o.pk = ANY($3::text[]) AND o.tbl <> 'contacts' AND o.workspace_id COLLATE "C" = $1
                        AND o.contact_id IS DISTINCT FROM $4)
        AND m.kind IN ('cell', 'row')`,
    [workspaceId, named.map((r) => r.tbl), named.map((r) => r.pk), contactId],
  );
  const owners = foldOwners(others);
  const owned: RowKey[] = [];
  const mixed: RowKey[] = [];
  const movedAway: (RowKey & { owner: string })[] = [];
  for (const r of named) {
    const owner = owners.get(key(r.tbl, r.pk));
    if (owner === undefined) owned.push(r);
    else if (owner === contactId) {
      owned.push(r);
      mixed.push(r);
    } else movedAway.push({ ...r, owner });
  }
  return { owned, mixed, movedAway };
}

/** Each row's owner: the value of its newest `contact_id` write (last writer wins, as every side folds it). */
export function foldOwners(messages: readonly { tbl: string; pk: string; hlc: string; body: SyncMessage }[]) {
  const cells = new Map<string, Cell<string>>();
  for (const { tbl, pk, hlc, body } of messages) {
    if (body.kind !== 'cell' && body.kind !== 'row') continue;
    for (const [column, value] of cellWrites(body)) {
      if (column !== 'contact_id' || typeof value !== 'string') continue;
      const k = key(tbl, pk);
      const current = cells.get(k);
      const incoming = { hlc, value };
      cells.set(k, current ? lww(current, incoming) : incoming);
    }
  }
  return new Map([...cells].map(([k, c]) => [k, c.value]));
}

/** The owner now of each of these related rows, folded from their stored messages (absent: none stored). */
export async function ownersOf(tx: Tx, workspaceId: string, keys: readonly RowKey[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const { rows } = await tx.query<{ tbl: string; pk: string; hlc: string; body: SyncMessage }>(
    `SELECT m.tbl, m.pk, m.hlc, m.body FROM messages m
      WHERE m.pk = ANY($3::text[]) AND m.tbl <> 'contacts' AND m.workspace_id COLLATE "C" = $1
        AND (m.tbl, m.pk) IN (SELECT * FROM unnest($2::text[], $3::text[])) AND m.kind IN ('cell', 'row')`,
    [workspaceId, keys.map((k) => k.tbl), keys.map((k) => k.pk)],
  );
  return foldOwners(rows);
}
export const ownerKey = key;

/**
 * A message of a row that now belongs to `owner`, named after it: its `contactId`, and a `contact_id` it writes
 * at its own (older) HLC. Last-writer-wins is unchanged (the newest `contact_id` write already names `owner`), so
 * every machine that applied the message keeps what it holds, and one that pulls it later folds the same row.
 */
export function renamedFor<M extends SyncMessage>(m: M, owner: string): M {
  if (m.kind === 'row' && 'contact_id' in m.values) return { ...m, contactId: owner, values: { ...m.values, contact_id: owner } };
  if (m.kind === 'cell' && m.column === 'contact_id') return { ...m, contactId: owner, value: owner };
  return { ...m, contactId: owner };
}

/**
 * Gives the stored messages naming `from` of rows that moved away their owner's name (renamedFor), in place at
 * their HLCs, with the hub's `rows` entries of them: a purge of `from` then leaves them, and a purge of the owner
 * takes them.
 */
export async function renameMovedRows(
  tx: Tx,
  workspaceId: string,
  from: string,
  moved: readonly (RowKey & { owner: string })[],
): Promise<void> {
  if (moved.length === 0) return;
  const owner = new Map(moved.map((m) => [key(m.tbl, m.pk), m.owner]));
  const { rows } = await tx.query<{ seq: string; tbl: string; pk: string; body: SyncMessage }>(
    `SELECT seq, tbl, pk, body FROM messages
      WHERE contact_id = $2 AND workspace_id COLLATE "C" = $1 AND pk = ANY($3::text[]) AND tbl <> 'contacts'`,
    [workspaceId, from, moved.map((m) => m.pk)],
  );
  const renamed = rows
    .filter((r) => owner.has(key(r.tbl, r.pk)))
    .map((r) => {
      const to = owner.get(key(r.tbl, r.pk))!;
      return { seq: r.seq, owner: to, body: JSON.stringify(renamedFor(r.body, to)) };
    });
  if (renamed.length > 0) {
    await tx.query(
      `UPDATE messages SET contact_id = k.owner, body = k.body::json
         FROM unnest($2::bigint[], $3::text[], $4::text[]) AS k(seq, owner, body)
        WHERE messages.workspace_id = $1 AND messages.seq = k.seq`,
      [workspaceId, renamed.map((r) => r.seq), renamed.map((r) => r.owner), renamed.map((r) => r.body)],
    );
  }
  await tx.query(
    `UPDATE rows SET contact_id = k.owner FROM unnest($2::text[], $3::text[], $4::text[]) AS k(tbl, pk, owner)
      WHERE rows.workspace_id = $1 AND rows.tbl = k.tbl AND rows.pk = k.pk AND rows.contact_id = $5`,
    [workspaceId, moved.map((m) => m.tbl), moved.map((m) => m.pk), moved.map((m) => m.owner), from],
  );
}

/** Erases every message (whatever contact it names) and `rows` entry of these rows. */
export async function eraseRows(tx: Tx, workspaceId: string, keys: readonly RowKey[]): Promise<void> {
  if (keys.length === 0) return;
  const params = [workspaceId, keys.map((k) => k.tbl), keys.map((k) => k.pk)];
  await tx.query(
    `DELETE FROM messages m WHERE m.pk = ANY($3::text[]) AND m.tbl <> 'contacts' AND m.workspace_id COLLATE "C" = $1
        AND (m.tbl, m.pk) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
    params,
  );
  await tx.query(
    `DELETE FROM rows r USING unnest($2::text[], $3::text[]) AS k(tbl, pk)
      WHERE r.workspace_id = $1 AND r.tbl = k.tbl AND r.pk = k.pk`,
    params,
  );
}

/**
 * A pushed message naming a purged contact, of a related row that had moved to a live contact before the purge:
 * the row is that contact's, so the message is too (named after it, as the purge renamed the row's stored
 * messages), not dropped. A message that itself writes `contact_id` (moving the row to the purged contact), or
 * of a row the hub holds no message of (it went with the purge), keeps naming the purged contact and is dropped.
 */
export async function followOwners<M extends SyncMessage>(
  tx: Tx,
  workspaceId: string,
  messages: readonly M[],
  tombstoned: ReadonlySet<string>,
): Promise<M[]> {
  const late = messages.filter(
    (m) =>
      'table' in m &&
      m.table !== 'contacts' &&
      m.contactId !== null &&
      tombstoned.has(m.contactId) &&
      !((m.kind === 'cell' || m.kind === 'row') && cellWrites(m).some(([column]) => column === 'contact_id')),
  );
  if (late.length === 0) return [...messages];
  const keys = late.map((m) => ('table' in m ? { tbl: m.table, pk: m.pk } : { tbl: '', pk: '' }));
  const owners = await ownersOf(tx, workspaceId, keys);
  const live = new Set<string>();
  if (owners.size > 0) {
    const { rows } = await tx.query<{ id: string }>(
      `SELECT id FROM unnest($2::text[]) AS k(id)
        WHERE NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.workspace_id = $1 AND t.contact_id = k.id)`,
      [workspaceId, [...new Set(owners.values())]],
    );
    for (const r of rows) live.add(r.id);
  }
  const relabel = new Set<M>(late);
  return messages.map((m) => {
    if (!relabel.has(m) || !('table' in m)) return m;
    const owner = owners.get(key(m.table, m.pk));
    return owner !== undefined && live.has(owner) ? renamedFor(m, owner) : m;
  });
}
