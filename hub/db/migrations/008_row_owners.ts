import type { HubMigration } from '../migrate.ts';

// A purge follows the rows' owner (docs/sync.md): a related row moved to another contact (a merge) keeps its
// earlier messages naming the contact it left, so a purge reads every message of the rows the purged contact
// names, to fold which contact owns each one now. A hash index of the key of non-contact rows (4 bytes per
// message, as migration 004's) finds them; a record deletion's purge erases its rows' messages through it too
// (it read the whole log for each). Queries must say `tbl <> 'contacts'` for PostgreSQL to use it.
export const migration008: HubMigration = {
  version: 8,
  name: 'messages of related rows by key (a purge folds their owner)',
  up: `
CREATE INDEX messages_row_pk_hash ON messages USING hash (pk) WHERE tbl <> 'contacts';
`,
};
