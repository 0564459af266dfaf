import type { Migration } from '../migrate.ts';

// The digits of live contacts' phone numbers, indexed by every run of 3 digits (FTS5 trigram), so
// digits typed from anywhere in a number ("555-0102" inside "+1 (555) 010-2000") are found without
// reading every number. Like contacts_fts (002) it holds live contacts only, kept by triggers, and
// erases a removed row in place (secure-delete), so a purged contact leaves nothing behind.
export const migration006: Migration = {
  version: 6,
  name: 'contacts: phone digit search',
  up: `
CREATE VIRTUAL TABLE contacts_fts_phone USING fts5(
  phone_digits,
  content='contacts', content_rowid='rowid',
  tokenize='trigram'
);
INSERT INTO contacts_fts_phone(contacts_fts_phone, rank) VALUES ('secure-delete', 1);
INSERT INTO contacts_fts_phone(rowid, phone_digits)
  SELECT rowid, phone_digits FROM contacts WHERE deleted_at IS NULL AND phone_digits IS NOT NULL;

CREATE TRIGGER contacts_fts_phone_insert AFTER INSERT ON contacts
  WHEN new.deleted_at IS NULL AND new.phone_digits IS NOT NULL BEGIN
  INSERT INTO contacts_fts_phone(rowid, phone_digits) VALUES (new.rowid, new.phone_digits);
END;
CREATE TRIGGER contacts_fts_phone_delete AFTER DELETE ON contacts
  WHEN old.deleted_at IS NULL AND old.phone_digits IS NOT NULL BEGIN
  INSERT INTO contacts_fts_phone(contacts_fts_phone, rowid, phone_digits) VALUES ('delete', old.rowid, old.phone_digits);
END;
CREATE TRIGGER contacts_fts_phone_update AFTER UPDATE OF phone_digits, deleted_at ON contacts BEGIN
  INSERT INTO contacts_fts_phone(contacts_fts_phone, rowid, phone_digits)
  SELECT 'delete', old.rowid, old.phone_digits WHERE old.deleted_at IS NULL AND old.phone_digits IS NOT NULL;
  INSERT INTO contacts_fts_phone(rowid, phone_digits)
  SELECT new.rowid, new.phone_digits WHERE new.deleted_at IS NULL AND new.phone_digits IS NOT NULL;
END;
`,
};
