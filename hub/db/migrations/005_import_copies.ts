import type { HubMigration } from '../migrate.ts';

// A purge erases the copies of the contact that import rows keep (docs/sync.md, "A purge erases the import's
// copies"): the hub folds an import's rows (bulk_actions, bulk_action_items) from their stored `cell` and `row`
// messages (it keeps no cells since migration 003), and a deletion's kind from the deletion's messages
// (record deletions are purged too, migration 006). This index finds those messages by row, and only those
// tables' (a contact's own messages are found by contact_id already), so it costs the volume path nothing.
export const migration005: HubMigration = {
  version: 5,
  name: 'cell and row messages of imports and deletions, by row',
  up: `
CREATE INDEX messages_import_rows ON messages (workspace_id, tbl, pk)
  WHERE kind IN ('cell', 'row') AND tbl IN ('bulk_actions', 'bulk_action_items', 'deletions');
`,
};
