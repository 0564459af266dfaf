import type { HubMigration } from '../migrate.ts';

// Record deletions are purged too (docs/sync.md): the rows a record deletion's purge erased, by table and id
// only, so that a later message naming one of them is dropped, as a purged contact's are (tombstones); and
// the deletes of related rows, found by when the hub received them (a related row's lifecycle is folded from
// the log since migration 003, so retention reads its delete messages).
export const migration006: HubMigration = {
  version: 6,
  name: "rows erased by a record deletion's purge; deletes of related rows by receipt",
  up: `
CREATE TABLE purged_rows (
  workspace_id TEXT NOT NULL,
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  deletion_id TEXT NOT NULL,
  purged_at BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, tbl, pk)
);
CREATE INDEX messages_related_deletes ON messages (workspace_id, received_at)
  WHERE kind = 'delete' AND tbl <> 'contacts';
`,
};
