import type { Migration } from '../migrate.ts';

const ownedTables = ['conversations', 'messages', 'notes', 'opportunities', 'tasks', 'appointments', 'manual_actions'];

// The lifecycle's own bookkeeping.
// - purged_contacts: a tombstone per purged contact, so a later restore answers PURGED rather than
//   NOT_FOUND. It holds ids and a time only: no byte of the contact's personal data.
// - deletions.purged_at: when the rows of a deletion were purged (a record deletion is purged once).
// - a deletion_id index on every owned table: the purge of a record deletion and the undo of one find
//   their rows without scanning the table.
// - messages(conversation_id): the ON DELETE CASCADE from conversations needs a full (not partial)
//   index, or every purged conversation would scan the whole messages table.
export const migration004: Migration = {
  version: 4,
  name: 'lifecycle: purge tombstones and deletion indexes',
  up: `
CREATE TABLE purged_contacts (
  contact_id TEXT PRIMARY KEY NOT NULL,
  purged_at INTEGER NOT NULL,
  deletion_id TEXT,
  how TEXT NOT NULL CHECK (how IN ('expired','permanent'))
) WITHOUT ROWID;
CREATE INDEX idx_purged_contacts_deletion ON purged_contacts(deletion_id) WHERE deletion_id IS NOT NULL;
ALTER TABLE deletions ADD COLUMN purged_at INTEGER;
CREATE INDEX idx_deletions_record_pending ON deletions(deleted_at) WHERE kind = 'record' AND purged_at IS NULL;
CREATE INDEX idx_messages_conversation ON messages(conversation_id);
${ownedTables.map((t) => `CREATE INDEX idx_${t}_deletion_id ON ${t}(deletion_id) WHERE deletion_id IS NOT NULL;`).join('\n')}
`,
};
