import type { Migration } from '../migrate.ts';

// Full-text search over name, email, company and phone digits. The index holds only live contacts:
// triggers add a row when a contact becomes live and remove it when it is deleted, so a search never
// has to filter out deleted rows. `secure-delete` makes FTS5 erase a removed row's tokens in place,
// so a purged contact leaves nothing behind in the index.
export const migration002: Migration = {
  version: 2,
  name: 'full-text search',
  up: `
CREATE VIRTUAL TABLE contacts_fts USING fts5(
  first_name, last_name, email, company, phone_digits,
  content='contacts', content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 2',
  prefix='1 2 3'
);
INSERT INTO contacts_fts(contacts_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO contacts_fts(rowid, first_name, last_name, email, company, phone_digits)
  SELECT rowid, first_name, last_name, email, company, phone_digits FROM contacts WHERE deleted_at IS NULL;

CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO contacts_fts(rowid, first_name, last_name, email, company, phone_digits)
  VALUES (new.rowid, new.first_name, new.last_name, new.email, new.company, new.phone_digits);
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts WHEN old.deleted_at IS NULL BEGIN
  INSERT INTO contacts_fts(contacts_fts, rowid, first_name, last_name, email, company, phone_digits)
  VALUES ('delete', old.rowid, old.first_name, old.last_name, old.email, old.company, old.phone_digits);
END;
CREATE TRIGGER contacts_fts_update AFTER UPDATE OF first_name, last_name, email, company, phone_digits, deleted_at ON contacts BEGIN
  INSERT INTO contacts_fts(contacts_fts, rowid, first_name, last_name, email, company, phone_digits)
  SELECT 'delete', old.rowid, old.first_name, old.last_name, old.email, old.company, old.phone_digits
  WHERE old.deleted_at IS NULL;
  INSERT INTO contacts_fts(rowid, first_name, last_name, email, company, phone_digits)
  SELECT new.rowid, new.first_name, new.last_name, new.email, new.company, new.phone_digits
  WHERE new.deleted_at IS NULL;
END;
`,
};
