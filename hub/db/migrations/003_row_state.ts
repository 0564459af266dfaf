import type { HubMigration } from '../migrate.ts';

// Volume (docs/sync.md, "Volume"): the hub keeps per row only what its own rules need while it stores a push,
// not a copy of every column. One `cells` row per column made a 100,000-contact team ~22 million rows written at
// the pace of its pushes; the columns' values are in the message log already, and the dump (which only tests
// and audits ask for) folds them from there.
// Kept per row:
// - contact_id: the contact it belongs to now (a related row's newest contact_id cell; a merge moves rows), with
//   contact_hlc, the HLC of that cell, so a late older move changes nothing; purges and the fold follow it;
// - bulk_action_id (deletions only): the bulk action a deletion belongs to, for "only its maker restores it";
// - the lifecycle (deleted_at, deletion_id, deleted_received_at) of contacts only: retention counts from it. A
//   related row's lifecycle is the fold of its own and its contact's messages, derived at dump time.
export const migration003: HubMigration = {
  version: 3,
  name: 'per-row state: contact (with its hlc), a deletion’s bulk action, contacts’ lifecycle; no cells',
  up: `
ALTER TABLE rows ADD COLUMN contact_hlc TEXT COLLATE "C";
ALTER TABLE rows ADD COLUMN bulk_action_id TEXT;
ALTER TABLE rows ADD COLUMN bulk_action_hlc TEXT COLLATE "C";

UPDATE rows r SET contact_id = c.value #>> '{}', contact_hlc = c.hlc
  FROM cells c
 WHERE c.workspace_id = r.workspace_id AND c.tbl = r.tbl AND c.pk = r.pk AND c.col = 'contact_id'
   AND r.tbl IN ('conversations','messages','notes','opportunities','tasks','appointments','manual_actions')
   AND json_typeof(c.value) IN ('string', 'null');

UPDATE rows r SET bulk_action_id = c.value #>> '{}', bulk_action_hlc = c.hlc
  FROM cells c
 WHERE c.workspace_id = r.workspace_id AND c.tbl = r.tbl AND c.pk = r.pk AND c.col = 'bulk_action_id'
   AND r.tbl = 'deletions' AND json_typeof(c.value) = 'string';

UPDATE rows SET deleted_at = NULL, deletion_id = NULL, deleted_received_at = NULL
 WHERE tbl <> 'contacts' AND deleted_at IS NOT NULL;

DROP TABLE cells;
`,
};
