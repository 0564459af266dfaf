import type { HubMigration } from '../migrate.ts';

// Volume (docs/sync.md, "Volume"): the hub keeps only the state its own rules need while it stores a push, not a
// copy of every column. One `cells` row per column (and one `rows` row per row) made a 100,000-contact team ~24
// million rows written at the pace of its pushes; the columns' values are in the message log already, and the
// dump (which only tests and audits ask for) folds them from there. What stays in `rows`:
// - contacts: their lifecycle (deleted_at, deletion_id, deleted_received_at), which retention counts from;
// - records that name their maker (deletions, bulk actions and their items, audit entries): created_by, for
//   "only its maker writes it", and for a deletion its bulk action (bulk_action_id, with the HLC of that cell).
// A related row's contact and lifecycle are folded from the log (its contact_id cell, its and its contact's
// delete/restore messages).
export const migration003: HubMigration = {
  version: 3,
  name: 'state for the rules only: contacts’ lifecycle, records’ makers, a deletion’s bulk action; no cells',
  up: `
ALTER TABLE rows ADD COLUMN bulk_action_id TEXT;
ALTER TABLE rows ADD COLUMN bulk_action_hlc TEXT COLLATE "C";

UPDATE rows r SET bulk_action_id = c.value #>> '{}', bulk_action_hlc = c.hlc
  FROM cells c
 WHERE c.workspace_id = r.workspace_id AND c.tbl = r.tbl AND c.pk = r.pk AND c.col = 'bulk_action_id'
   AND r.tbl = 'deletions' AND json_typeof(c.value) = 'string';

DELETE FROM rows WHERE tbl NOT IN ('contacts', 'deletions', 'bulk_actions', 'bulk_action_items', 'audit_log');
UPDATE rows SET deleted_at = NULL, deletion_id = NULL, deleted_received_at = NULL
 WHERE tbl <> 'contacts' AND deleted_at IS NOT NULL;

DROP TABLE cells;
`,
};
