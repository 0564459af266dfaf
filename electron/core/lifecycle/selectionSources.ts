import type { Database } from 'better-sqlite3';
import type { ContactFilter } from '../../../shared/contract.ts';
import { registerSnapshotSource } from '../bulk/jobs.ts';
import { SNAPSHOT_SLICE, type SnapshotPart } from '../bulk/snapshot.ts';
import { cachedStatement } from '../db/statements.ts';
import { matchingSlice, type Selection } from './selection.ts';

// Where the lifecycle's bulk actions take their items from, a slice at a time (bulk/snapshot.ts):
// - 'ids': a JSON array of up to one slice of contact ids (the live ones not yet items);
// - 'filter': "all N matching" a ContactFilter, by rowid up to the highest rowid at the click (rowids
//   are never reused, migration 008, so a contact created later is never taken);
// - 'restore': the done items of a bulk delete being restored, by seq window.

/** The parts of a bulk delete's selection. */
export function selectionParts(db: Database, selection: Selection): SnapshotPart[] {
  if ('ids' in selection) {
    const parts: SnapshotPart[] = [];
    for (let i = 0; i < selection.ids.length; i += SNAPSHOT_SLICE)
      parts.push({ kind: 'ids', spec: JSON.stringify(selection.ids.slice(i, i + SNAPSHOT_SLICE)), until: null });
    return parts;
  }
  const until = db.prepare('SELECT coalesce(max(rowid), 0) FROM contacts').pluck().get() as number;
  return [{ kind: 'filter', spec: JSON.stringify(selection.filter), until }];
}

/** The one part of a bulk restore: the delete's items, up to its highest seq. */
export function restoreParts(db: Database, deleteActionId: string): SnapshotPart[] {
  const until = db
    .prepare('SELECT coalesce(max(seq), 0) FROM bulk_action_items WHERE action_id = ?')
    .pluck()
    .get(deleteActionId) as number;
  return [{ kind: 'restore', spec: deleteActionId, until }];
}

export function registerSelectionSources(): void {
  registerSnapshotSource('ids', {
    slice: (db, actionId, base, part) => ({ added: insertLive(db, actionId, base, part.spec), next: null }),
  });
  registerSnapshotSource('filter', {
    slice: (db, actionId, base, part) => {
      const slice = matchingSlice(db, JSON.parse(part.spec) as ContactFilter, part.cursor, part.until ?? 0, SNAPSHOT_SLICE);
      const added = insertIds(
        db,
        actionId,
        base,
        slice.map((c) => c.id),
      );
      return { added, next: slice.length < SNAPSHOT_SLICE ? null : slice.at(-1)!.rowid };
    },
  });
  registerSnapshotSource('restore', {
    slice: (db, actionId, _base, part) => {
      const to = part.cursor + SNAPSHOT_SLICE;
      const added = insertRestorable(db, actionId, part.spec, part.cursor, to);
      return { added, next: to >= (part.until ?? 0) ? null : to };
    },
  });
}

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
