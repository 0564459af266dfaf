import type { Database } from 'better-sqlite3';
import { foldLifecycle, type LifecycleEvent } from '../../../shared/sync/fold.ts';
import { inTeam, nextTime } from './syncClock.ts';

// A related row moved to another contact (a restore conflict's merge, or its undo) travels as a row
// message naming its new contact, and every machine then folds the row's own lifecycle messages under
// that contact (docs/sync.md, "Decisions", "A moved row's lifecycle"). Its own history may fold otherwise
// there than it did under the contact it left: a note deleted on its own on another machine after its
// contact's deletion kept the contact's deletion (its own delete did not apply), and merged live into a
// new contact, that old delete would now apply under the new one. So after a move, this machine compares
// each moved row's state with the fold every other machine will compute, and where they differ captures
// the lifecycle messages that make them agree: a restore of the deletion the fold would give it, then, if
// the row is deleted here, a delete with its deletion here.

interface LifeRow {
  kind: 'delete' | 'restore';
  hlc: string;
  deletion_id: string;
  at: number | null;
}

function eventsOf(db: Database, table: string, pk: string): LifecycleEvent[] {
  const rows = db.prepare('SELECT kind, hlc, deletion_id, at FROM sync_life WHERE tbl = ? AND pk = ?').all(table, pk) as LifeRow[];
  return rows.map((r) => ({ kind: r.kind, hlc: r.hlc, deletionId: r.deletion_id, at: r.at ?? undefined }));
}

/** Captures what makes the fold of each moved row (in `table`, by id) give the state it has here. Team mode only; run in the move's transaction. */
export function sendMovedLifecycle(db: Database, table: string, ids: readonly string[]): number {
  if (!inTeam(db) || ids.length === 0) return 0;
  const read = db.prepare(`SELECT contact_id, deleted_at, deletion_id FROM ${table} WHERE id = ?`);
  const send = db.prepare(
    'INSERT INTO sync_outbox (hlc, kind, tbl, pk, contact_id, deletion_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  let sent = 0;
  for (const id of ids) {
    const row = read.get(id) as { contact_id: string; deleted_at: number | null; deletion_id: string | null } | undefined;
    if (!row) continue;
    const fold = () => foldLifecycle(eventsOf(db, table, id), eventsOf(db, 'contacts', row.contact_id));
    let state = fold();
    if (state.deletionId === row.deletion_id) continue;
    if (state.deletionId !== null) {
      send.run(nextTime(db), 'restore', table, id, row.contact_id, state.deletionId, null);
      sent++;
      state = fold();
    }
    if (state.deletionId !== row.deletion_id && row.deletion_id !== null) {
      send.run(nextTime(db), 'delete', table, id, row.contact_id, row.deletion_id, row.deleted_at);
      sent++;
    }
  }
  return sent;
}

/**
 * Keeps the contact each moved row left (`sync_moved_from`; docs/sync.md, "A move racing a purge"): if the hub
 * purges the contact they move to before the move reaches it, the hub drops the move and the rows stay, in
 * its order, under the contact they left; this machine then puts them back there (purgeMoves.ts), with the
 * row's time before the move and the pull cursor now. Team mode only; run in the move's transaction, before
 * the rows are moved.
 */
export function recordMovedFrom(db: Database, table: string, ids: readonly string[], from: string, to: string): void {
  if (!inTeam(db) || ids.length === 0) return;
  const keep = db.prepare(
    `INSERT OR REPLACE INTO sync_moved_from (tbl, pk, from_contact, to_contact, prev_hlc, pulled_seq)
     VALUES (@tbl, @pk, @from, @to, (SELECT hlc FROM sync_rows WHERE tbl = @tbl AND pk = @pk),
             (SELECT pull_seq FROM sync_state WHERE id = 1))`,
  );
  for (const id of ids) keep.run({ tbl: table, pk: id, from, to });
}
