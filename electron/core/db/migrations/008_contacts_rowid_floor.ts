import type { Migration } from '../migrate.ts';

// A contact's rowid is never handed out twice. "Delete all N matching" fixes its selection as the
// matching contacts up to the highest rowid at the click (bulk/snapshot.ts), so a contact created
// later must get a higher rowid. SQLite alone gives a new row max(rowid) + 1, which reuses the rowid
// of the newest contact once a purge removed it: a contact created after the click could then be
// deleted by it. contacts_rowid_floor holds the highest rowid a removed contact had; new contacts
// take NEXT_CONTACT_ROWID (contacts/contactRowid.ts), above both, and an insert that would reuse a
// rowid is refused rather than let through.
export const migration008: Migration = {
  version: 8,
  name: 'contacts: rowids never reused',
  up: `
CREATE TABLE contacts_rowid_floor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n INTEGER NOT NULL
);
INSERT INTO contacts_rowid_floor (id, n) SELECT 1, coalesce(max(rowid), 0) FROM contacts;

CREATE TRIGGER contacts_rowid_floor_raise AFTER DELETE ON contacts
  WHEN old.rowid > (SELECT n FROM contacts_rowid_floor WHERE id = 1) BEGIN
  UPDATE contacts_rowid_floor SET n = old.rowid WHERE id = 1;
END;
CREATE TRIGGER contacts_rowid_never_reused AFTER INSERT ON contacts
  WHEN new.rowid <= (SELECT n FROM contacts_rowid_floor WHERE id = 1) BEGIN
  SELECT RAISE(ABORT, 'a contact rowid would be reused: insert contacts with NEXT_CONTACT_ROWID');
END;
`,
};
