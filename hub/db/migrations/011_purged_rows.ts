import type { HubMigration } from '../migrate.ts';

// Record deletions are purged too (docs/sync.md): the rows a record deletion's purge erased, by table and id
// only, so that a later message naming one of them is dropped, as a purged contact's are (tombstones); and
// the related rows deleted past their retention, found by when the hub received their deletion.
export const migration011: HubMigration = {
  version: 11,
  name: "rows erased by a record deletion's purge; deleted related rows by receipt",
  up: `
CREATE TABLE purged_rows (
  workspace_id TEXT NOT NULL,
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  deletion_id TEXT NOT NULL,
  purged_at BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, tbl, pk)
);
CREATE INDEX rows_deleted_related ON rows (workspace_id, deleted_received_at)
  WHERE tbl <> 'contacts' AND deleted_at IS NOT NULL;
`,
};
