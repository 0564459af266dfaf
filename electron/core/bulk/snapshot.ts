import type { Database } from 'better-sqlite3';
import type { ContactFilter } from '../../../shared/contract.ts';
import { matchingSlice } from '../lifecycle/selection.ts';
import { cachedStatement } from '../db/statements.ts';

/**
 * Contacts added as items per slice (~10-15 ms). A bulk action's selection becomes its items a slice
 * at a time, each slice its own transaction on its own turn of the runner, so a selection of any
 * size never holds the event loop for long: snapshotting 50,000 ids in the call itself took 0.2-0.5 s,
 * and calls made meanwhile waited that long.
 */
export const SNAPSHOT_SLICE = 2000;

/** What a bulk action takes its items from (see migration 007). */
export type SnapshotSource =
  | { kind: 'ids'; ids: readonly string[] }
  | { kind: 'filter'; filter: ContactFilter }
  | { kind: 'restore'; sourceActionId: string };

interface SourceRow {
  part: number;
  kind: SnapshotSource['kind'];
  spec: string;
  cursor: number;
  until: number | null;
}

/**
 * Records where an action's items come from, then snapshots the first slice (inside the caller's
 * transaction: a selection of one slice or less is complete when the call answers, as before).
 * Returns true when nothing is left to snapshot.
 */
export function beginSnapshot(db: Database, actionId: string, source: SnapshotSource): boolean {
  const add = cachedStatement(
    db,
    'INSERT INTO bulk_action_sources (action_id, part, kind, spec, cursor, until) VALUES (?, ?, ?, ?, 0, ?)',
  );
  if (source.kind === 'ids') {
    const { ids } = source;
    for (let part = 0; part * SNAPSHOT_SLICE < ids.length; part++)
      add.run(
        actionId,
        part,
        'ids',
        JSON.stringify(ids.slice(part * SNAPSHOT_SLICE, (part + 1) * SNAPSHOT_SLICE)),
        null,
      );
  } else if (source.kind === 'filter') {
    const until = db.prepare('SELECT coalesce(max(rowid), 0) FROM contacts').pluck().get() as number;
    add.run(actionId, 0, 'filter', JSON.stringify(source.filter), until);
  } else {
    const until = db
      .prepare('SELECT coalesce(max(seq), 0) FROM bulk_action_items WHERE action_id = ?')
      .pluck()
      .get(source.sourceActionId) as number;
    add.run(actionId, 0, 'restore', source.sourceActionId, until);
  }
  return snapshotSlice(db, actionId);
}

/** Whether the action still has items to snapshot (the runner adds a slice instead of running a chunk). */
export const isPreparing = (db: Database, actionId: string) =>
  cachedStatement(db, 'SELECT 1 FROM bulk_action_sources WHERE action_id = ? LIMIT 1').get(actionId) !== undefined;

/**
 * Adds the next slice of items, in the caller's transaction, and advances the action's total.
 * Returns true when nothing is left to snapshot. Items are numbered on from the action's total (a
 * restore keeps the seq of the delete's item it undoes).
 */
export function snapshotSlice(db: Database, actionId: string): boolean {
  const row = cachedStatement(
    db,
    'SELECT part, kind, spec, cursor, until FROM bulk_action_sources WHERE action_id = ? ORDER BY part LIMIT 1',
  ).get(actionId) as SourceRow | undefined;
  if (!row) return true;
  const { total: base } = cachedStatement(db, 'SELECT total FROM bulk_actions WHERE id = ?').get(actionId) as {
    total: number;
  };
  let added: number;
  let finished: boolean;
  if (row.kind === 'ids') {
    added = insertLive(db, actionId, base, row.spec);
    finished = true;
  } else if (row.kind === 'filter') {
    const slice = matchingSlice(db, JSON.parse(row.spec) as ContactFilter, row.cursor, row.until ?? 0, SNAPSHOT_SLICE);
    added = insertIds(
      db,
      actionId,
      base,
      slice.map((c) => c.id),
    );
    finished = slice.length < SNAPSHOT_SLICE;
    if (!finished) advance(db, actionId, row.part, slice.at(-1)!.rowid);
  } else {
    const to = row.cursor + SNAPSHOT_SLICE;
    added = insertRestorable(db, actionId, row.spec, row.cursor, to);
    finished = to >= (row.until ?? 0);
    if (!finished) advance(db, actionId, row.part, to);
  }
  if (finished)
    cachedStatement(db, 'DELETE FROM bulk_action_sources WHERE action_id = ? AND part = ?').run(actionId, row.part);
  if (added > 0) cachedStatement(db, 'UPDATE bulk_actions SET total = total + ? WHERE id = ?').run(added, actionId);
  return !isPreparing(db, actionId);
}

const advance = (db: Database, actionId: string, part: number, cursor: number) =>
  cachedStatement(db, 'UPDATE bulk_action_sources SET cursor = ? WHERE action_id = ? AND part = ?').run(
    cursor,
    actionId,
    part,
  );

/**
 * The live contacts among a JSON array of ids that are not items of the action yet (a contact named
 * twice, in one part or two, is one item), as items base+1.., in id order.
 */
const insertLive = (db: Database, actionId: string, base: number, idsJson: string) =>
  cachedStatement(
    db,
    `INSERT INTO bulk_action_items (action_id, seq, contact_id)
     SELECT @a, @base + row_number() OVER (ORDER BY c.id), c.id FROM contacts c
      WHERE c.id IN (SELECT value FROM json_each(@ids)) AND c.deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM bulk_action_items x WHERE x.contact_id = c.id AND x.action_id = @a)`,
  ).run({ a: actionId, base, ids: idsJson }).changes;

/** Contact ids already known to be live, as items base+1.., in the order given. */
const insertIds = (db: Database, actionId: string, base: number, ids: string[]) =>
  ids.length === 0
    ? 0
    : cachedStatement(
        db,
        'INSERT INTO bulk_action_items (action_id, seq, contact_id) SELECT ?, ? + key + 1, value FROM json_each(?)',
      ).run(actionId, base, JSON.stringify(ids)).changes;

/**
 * A bulk delete's items with seq in (from, to] whose contacts are not back: still deleted by it,
 * deleted again since, or gone (purged). Those restored one by one since and still live are left
 * out: they are back. The ones that cannot come back are items all the same, so the restore says
 * why of each ("deleted again since", "purged for good"), however late it found them.
 */
const insertRestorable = (db: Database, actionId: string, sourceActionId: string, from: number, to: number) =>
  cachedStatement(
    db,
    `INSERT INTO bulk_action_items (action_id, seq, contact_id)
     SELECT @a, i.seq, i.contact_id FROM bulk_action_items i LEFT JOIN contacts c ON c.id = i.contact_id
      WHERE i.action_id = @src AND i.seq > @from AND i.seq <= @to AND i.state = 'done'
        AND (c.id IS NULL OR c.deleted_at IS NOT NULL)`,
  ).run({ a: actionId, src: sourceActionId, from, to }).changes;
