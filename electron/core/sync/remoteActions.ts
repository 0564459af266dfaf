import type { Database } from 'better-sqlite3';

// A bulk action made by another member arrives as synced rows; it runs on the machine that made it,
// and only its progress travels. This machine's runner must never pick it up (bulk/runChunk.ts reads
// sync_remote_actions). An action is remote when its row was inserted by a pull: the rows of actions
// whose creation time (sync_cells, or its row message in sync_rows) is another device's.

/** Records every bulk action whose row this device did not create (kept after leaving the team). */
export function markRemoteActions(db: Database): void {
  const device = db.prepare('SELECT device_id FROM sync_state WHERE id = 1').pluck().get() as string | undefined;
  if (!device) return;
  db.prepare(
    `INSERT OR IGNORE INTO sync_remote_actions (id)
     SELECT s.pk FROM sync_cells s WHERE s.tbl = 'bulk_actions' AND s.col = 'id' AND substr(s.hlc, 21) <> @device
     UNION SELECT r.pk FROM sync_rows r WHERE r.tbl = 'bulk_actions' AND substr(r.hlc, 21) <> @device`,
  ).run({ device });
}

/** Marks one action as another member's (called when a pull inserts its row). */
export function markRemoteAction(db: Database, id: string): void {
  db.prepare('INSERT OR IGNORE INTO sync_remote_actions (id) VALUES (?)').run(id);
}
