import type { Migration } from '../migrate.ts';

// The number of live contacts in one row, kept by triggers, so the unfiltered Contacts list's total
// is one lookup instead of counting a million index entries on every page. A contact counts while
// its deleted_at IS NULL: creating (or importing) one live adds it, a soft delete and a purge of a
// live row take it away, a restore adds it back.
export const migration005: Migration = {
  version: 5,
  name: 'contacts: live counter',
  up: `
CREATE TABLE contacts_live_count (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n INTEGER NOT NULL
);
INSERT INTO contacts_live_count (id, n) SELECT 1, count(*) FROM contacts WHERE deleted_at IS NULL;

CREATE TRIGGER contacts_live_count_insert AFTER INSERT ON contacts WHEN new.deleted_at IS NULL BEGIN
  UPDATE contacts_live_count SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER contacts_live_count_delete AFTER DELETE ON contacts WHEN old.deleted_at IS NULL BEGIN
  UPDATE contacts_live_count SET n = n - 1 WHERE id = 1;
END;
CREATE TRIGGER contacts_live_count_update AFTER UPDATE OF deleted_at ON contacts
  WHEN (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
  UPDATE contacts_live_count SET n = n + (CASE WHEN new.deleted_at IS NULL THEN 1 ELSE -1 END) WHERE id = 1;
END;
`,
};
