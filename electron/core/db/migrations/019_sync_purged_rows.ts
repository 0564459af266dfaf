import type { Migration } from '../migrate.ts';

// Team mode: the rows a record deletion's purge erased (docs/sync.md, "Record deletions are purged too"),
// by table and id only. A message naming one of them, however late, is dropped, as a purged contact's are
// (purged_contacts). Kept after leaving the team: an erased row must not come back by a rejoin either.
export const migration019: Migration = {
  version: 19,
  name: "team mode: rows erased by a record deletion's purge",
  up: `
CREATE TABLE sync_purged_rows (
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  PRIMARY KEY (tbl, pk)
) WITHOUT ROWID;
`,
};
