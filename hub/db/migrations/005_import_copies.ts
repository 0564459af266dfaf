import type { HubMigration } from '../migrate.ts';

// A purge erases the copies of the contact that import rows keep (docs/sync.md, "A purge erases the import's
// copies"): the hub folds an import's rows (bulk_actions, bulk_action_items) from their stored `cell` and `row`
// messages (it keeps no cells since migration 003), and a deletion's kind from the deletion's messages
// (record deletions are purged too, migration 006). This index finds those messages by row, and only those
// tables' (a contact's own messages are found by contact_id already), so it costs the volume path nothing.
// A purge finds the import rows that may copy the contact by the contacts their messages name: a duplicate's
// `contact_id`, a second match's `payload.alsoMatches` (hub/sync/eraseCopies.ts spells these two expressions
// exactly so, for PostgreSQL to use the indexes), instead of reading every import row's messages per purge.
export const migration005: HubMigration = {
  version: 5,
  name: 'cell and row messages of imports and deletions, by row; import rows by the contacts they name',
  up: `
CREATE INDEX messages_import_rows ON messages (workspace_id, tbl, pk)
  WHERE kind IN ('cell', 'row') AND tbl IN ('bulk_actions', 'bulk_action_items', 'deletions');
CREATE INDEX messages_item_contact ON messages (workspace_id,
  (COALESCE(body->'values'->>'contact_id', CASE WHEN body->>'column' = 'contact_id' THEN body->>'value' END)))
  WHERE kind IN ('cell', 'row') AND tbl = 'bulk_action_items';
CREATE INDEX messages_item_second_match ON messages (workspace_id,
  (substring(COALESCE(body->'values'->>'payload', CASE WHEN body->>'column' = 'payload' THEN body->>'value' END)
     from '"alsoMatches" *: *"([^"]*)"')))
  WHERE kind IN ('cell', 'row') AND tbl = 'bulk_action_items';
`,
};
