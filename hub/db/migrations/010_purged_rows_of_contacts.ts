import type { HubMigration } from '../migrate.ts';

// A move racing a purge (docs/sync.md): a contact's purge keeps the ids of the related rows it erased in
// purged_rows too, so a late move of one of them (a merge made offline, naming a live contact) is dropped as
// a record deletion's purged rows are. Those rows have no deletion of their own: deletion_id is null for them.
export const migration010: HubMigration = {
  version: 10,
  name: "purged_rows also holds the related rows a contact's purge erased",
  up: `ALTER TABLE purged_rows ALTER COLUMN deletion_id DROP NOT NULL;`,
};
