import { SYNC_TABLES } from '../../../../shared/sync/protocol.ts';
import { installCapture, triggerNames } from '../../sync/captureTriggers.ts';
import type { Migration } from '../migrate.ts';

// Team mode at volume (docs/sync.md, "Volume"): an insert travels as ONE `row` message holding every
// column at one HLC, instead of one `cell` message per column.
// - sync_outbox gets the kind 'row' and a column `vals` (the row's columns as a JSON object). The outbox
//   is a queue: it is rebuilt with its rows and ids kept (a batch sent and not yet acknowledged keeps its
//   batch id), and its two bookkeeping triggers are made again.
// - sync_rows: per row, the HLC of the newest row message this machine holds for it (and the contact that
//   message names, so a purge finds it; a moved row names its new one). A column's HLC is the greater
//   of its sync_cells entry (a later cell of that column) and its row's: a 2-million-row team keeps
//   2 million of these instead of ~22 million sync_cells rows.
// The capture triggers of a database in a team write to the outbox: they are dropped before the rebuild
// and made again after it, in their new form (an insert writes one row message).
export const migration015: Migration = {
  version: 15,
  name: 'team mode: row messages (one message per inserted row)',
  up: `
${SYNC_TABLES.flatMap(triggerNames)
  .map((name) => `DROP TRIGGER IF EXISTS ${name};`)
  .join('\n')}
CREATE TABLE sync_outbox_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  hlc TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('cell','row','delete','restore','purgeRequest')),
  tbl TEXT,
  pk TEXT,
  contact_id TEXT,
  col TEXT,
  value,
  vals TEXT,
  deletion_id TEXT,
  at INTEGER,
  batch_id TEXT
);
INSERT INTO sync_outbox_new (id, hlc, kind, tbl, pk, contact_id, col, value, deletion_id, at, batch_id)
  SELECT id, hlc, kind, tbl, pk, contact_id, col, value, deletion_id, at, batch_id FROM sync_outbox ORDER BY id;
DROP TABLE sync_outbox;
ALTER TABLE sync_outbox_new RENAME TO sync_outbox;
CREATE INDEX idx_sync_outbox_contact ON sync_outbox(contact_id) WHERE contact_id IS NOT NULL;
CREATE TABLE sync_rows (
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  hlc TEXT NOT NULL,
  contact_id TEXT,
  PRIMARY KEY (tbl, pk)
) WITHOUT ROWID;
CREATE INDEX idx_sync_rows_contact ON sync_rows(contact_id) WHERE contact_id IS NOT NULL;
CREATE TRIGGER sync_outbox_cell AFTER INSERT ON sync_outbox WHEN new.kind = 'cell' BEGIN
  INSERT INTO sync_cells (tbl, pk, col, hlc, contact_id) VALUES (new.tbl, new.pk, new.col, new.hlc, new.contact_id)
  ON CONFLICT (tbl, pk, col) DO UPDATE SET hlc = excluded.hlc WHERE excluded.hlc > sync_cells.hlc;
END;
CREATE TRIGGER sync_outbox_row AFTER INSERT ON sync_outbox WHEN new.kind = 'row' BEGIN
  INSERT INTO sync_rows (tbl, pk, hlc, contact_id) VALUES (new.tbl, new.pk, new.hlc, new.contact_id)
  ON CONFLICT (tbl, pk) DO UPDATE SET hlc = excluded.hlc, contact_id = excluded.contact_id WHERE excluded.hlc > sync_rows.hlc;
END;
CREATE TRIGGER sync_outbox_life AFTER INSERT ON sync_outbox WHEN new.kind IN ('delete','restore') BEGIN
  INSERT OR IGNORE INTO sync_life (tbl, pk, hlc, kind, deletion_id, at, contact_id)
  VALUES (new.tbl, new.pk, new.hlc, new.kind, new.deletion_id, new.at, new.contact_id);
END;
`,
  run: (db) => {
    if (db.prepare('SELECT 1 FROM sync_state WHERE id = 1').get()) installCapture(db);
  },
};
