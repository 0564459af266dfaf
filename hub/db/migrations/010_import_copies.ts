import type { HubMigration } from '../migrate.ts';

// A purge erases the copies of the contact that import rows keep (docs/sync.md, "A purge erases the import's
// copies"): the hub finds the import rows naming a contact (their `contact_id` cell) and the rows skipped as
// matching two contacts (`code` CONFLICT, the second one in the payload) through these two indexes, so a
// retention pass over thousands of contacts does not read every import row for each.
export const migration010: HubMigration = {
  version: 10,
  name: 'import rows by the contact they name, and by their code',
  up: `
CREATE INDEX cells_item_contact ON cells (workspace_id, (value #>> '{}'))
  WHERE tbl = 'bulk_action_items' AND col = 'contact_id';
CREATE INDEX cells_item_code ON cells (workspace_id, (value #>> '{}'))
  WHERE tbl = 'bulk_action_items' AND col = 'code';
`,
};
