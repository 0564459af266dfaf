import type { HubMigration } from '../migrate.ts';

// A purge finds a contact's messages by contact_id. The btree on (workspace_id, contact_id) held two 36-character
// ids per message, inserted at random places (contact ids are random): at 2 million messages it outgrew the
// buffer cache and was a quarter of PostgreSQL's CPU for a push. A hash index keeps a 4-byte hash per message;
// the purge's `contact_id = $2` uses it, and its `workspace_id = $1` is checked on the rows it finds.
export const migration004: HubMigration = {
  version: 4,
  name: 'messages by contact: a hash index instead of the btree',
  up: `
CREATE INDEX messages_contact_hash ON messages USING hash (contact_id) WHERE contact_id IS NOT NULL;
DROP INDEX messages_contact;
`,
};
