import type { Migration } from '../migrate.ts';

// Team mode's bookkeeping on a member's machine (docs/sync.md). Solo databases leave these tables
// empty; the capture triggers on the synced tables exist only while the database belongs to a team
// (sync/captureTriggers.ts installs them on join and drops them on leave), so solo work pays nothing.
// - sync_state: the one row of the team this database belongs to (absent: solo), with the device's
//   token, the pull cursor (the hub's sequence applied last) and the clock's newest time.
// - sync_outbox: every change made here, one message a row, written by the capture triggers in the
//   same transaction as the change; pushed in batches (batch_id set when a batch is first sent, so a
//   retry resends the same batch), deleted once the hub acknowledged it.
// - sync_cells: per (table, row, column) the HLC of the value this machine holds: a pulled cell
//   applies only when newer (last writer wins).
// - sync_life: every lifecycle message (delete/restore) of every row, local or pulled: a row's
//   lifecycle is their fold (shared/sync/fold.ts), recomputed when one arrives late.
// - sync_pending: pulled cells of rows that cannot be inserted yet (their other columns, or the row
//   they reference, are in a later slice); inserted as soon as they can be.
// The outbox triggers keep sync_cells and sync_life up to date with what is captured locally.
export const migration012: Migration = {
  version: 12,
  name: 'team mode: sync bookkeeping',
  up: `
CREATE TABLE sync_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  hub_url TEXT NOT NULL,
  cert_fingerprint TEXT,
  workspace_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  member_name TEXT NOT NULL,
  device_id TEXT NOT NULL,
  device_token TEXT NOT NULL,
  role TEXT NOT NULL,
  clock TEXT NOT NULL DEFAULT '',
  pull_seq INTEGER NOT NULL DEFAULT 0,
  joined_at INTEGER NOT NULL,
  last_synced_at INTEGER,
  last_error TEXT,
  refused TEXT
);
CREATE TABLE sync_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  hlc TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('cell','delete','restore','purgeRequest')),
  tbl TEXT,
  pk TEXT,
  contact_id TEXT,
  col TEXT,
  value,
  deletion_id TEXT,
  at INTEGER,
  batch_id TEXT
);
CREATE INDEX idx_sync_outbox_contact ON sync_outbox(contact_id) WHERE contact_id IS NOT NULL;
CREATE TABLE sync_cells (
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  col TEXT NOT NULL,
  hlc TEXT NOT NULL,
  contact_id TEXT,
  PRIMARY KEY (tbl, pk, col)
) WITHOUT ROWID;
CREATE INDEX idx_sync_cells_contact ON sync_cells(contact_id) WHERE contact_id IS NOT NULL;
CREATE TABLE sync_life (
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  hlc TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('delete','restore')),
  deletion_id TEXT NOT NULL,
  at INTEGER,
  contact_id TEXT,
  PRIMARY KEY (tbl, pk, hlc)
) WITHOUT ROWID;
CREATE INDEX idx_sync_life_contact ON sync_life(contact_id) WHERE contact_id IS NOT NULL;
CREATE TABLE sync_pending (
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  col TEXT NOT NULL,
  hlc TEXT NOT NULL,
  value,
  contact_id TEXT,
  PRIMARY KEY (tbl, pk, col)
) WITHOUT ROWID;
CREATE INDEX idx_sync_pending_contact ON sync_pending(contact_id) WHERE contact_id IS NOT NULL;
-- pending rows whose insert failed on a missing referenced row: tried again once something is inserted
CREATE TABLE sync_blocked (
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  PRIMARY KEY (tbl, pk)
) WITHOUT ROWID;
CREATE TRIGGER sync_outbox_cell AFTER INSERT ON sync_outbox WHEN new.kind = 'cell' BEGIN
  INSERT INTO sync_cells (tbl, pk, col, hlc, contact_id) VALUES (new.tbl, new.pk, new.col, new.hlc, new.contact_id)
  ON CONFLICT (tbl, pk, col) DO UPDATE SET hlc = excluded.hlc WHERE excluded.hlc > sync_cells.hlc;
END;
CREATE TRIGGER sync_outbox_life AFTER INSERT ON sync_outbox WHEN new.kind IN ('delete','restore') BEGIN
  INSERT OR IGNORE INTO sync_life (tbl, pk, hlc, kind, deletion_id, at, contact_id)
  VALUES (new.tbl, new.pk, new.hlc, new.kind, new.deletion_id, new.at, new.contact_id);
END;
`,
};
