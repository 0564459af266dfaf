import type { Migration } from '../migrate.ts';
import { canonicalizePhones } from '../../contacts/canonicalPhones.ts';
import { foldLettersSql } from '../../contacts/searchFold.ts';
import { phoneRegion } from '../../settings/settings.ts';

// Two rules that decide what the searches and the uniqueness checks compare (issue 12, items 7 and 8):
//
// 1. The word index (002) reads names and companies through the view `contacts_search`, which folds
//    the letters unicode61 keeps as they are (ø, ł, ß, æ…; see contacts/searchFold.ts), so "orsted"
//    finds "Ørsted" as "elodie" finds "Élodie". The view holds live contacts only, like the index, so
//    FTS5's 'rebuild' and 'integrity-check' against it agree with what the triggers write. The
//    triggers are those of 002 with the same folding.
// 2. contacts.phone_digits becomes the canonical E.164 digits (contacts/normalize.ts canonicalPhone)
//    read with the phoneRegion setting (the OS locale's region until one is chosen). Two live
//    contacts whose numbers become one: a contact already holding the canonical form keeps it, else
//    the one created first gets it; the other keeps its former digits, so the migration never fails
//    on the unique index and nothing is merged (canonicalPhones.ts). The triggers of 002 and 006 keep
//    both indexes in step with the rewritten digits.
const fold = (col: string) => foldLettersSql(col);

export const migration009: Migration = {
  version: 9,
  name: 'search: one folding for both searches; phones in canonical form',
  up: `
DROP TRIGGER contacts_fts_insert;
DROP TRIGGER contacts_fts_delete;
DROP TRIGGER contacts_fts_update;
DROP TABLE contacts_fts;

CREATE VIEW contacts_search AS
  SELECT rowid AS rowid, ${fold('first_name')} AS first_name, ${fold('last_name')} AS last_name, email,
         ${fold('company')} AS company, phone_digits
    FROM contacts WHERE deleted_at IS NULL;

CREATE VIRTUAL TABLE contacts_fts USING fts5(
  first_name, last_name, email, company, phone_digits,
  content='contacts_search', content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 2',
  prefix='1 2 3'
);
INSERT INTO contacts_fts(contacts_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO contacts_fts(contacts_fts) VALUES ('rebuild');

CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO contacts_fts(rowid, first_name, last_name, email, company, phone_digits)
  VALUES (new.rowid, ${fold('new.first_name')}, ${fold('new.last_name')}, new.email, ${fold('new.company')}, new.phone_digits);
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts WHEN old.deleted_at IS NULL BEGIN
  INSERT INTO contacts_fts(contacts_fts, rowid, first_name, last_name, email, company, phone_digits)
  VALUES ('delete', old.rowid, ${fold('old.first_name')}, ${fold('old.last_name')}, old.email, ${fold('old.company')}, old.phone_digits);
END;
CREATE TRIGGER contacts_fts_update AFTER UPDATE OF first_name, last_name, email, company, phone_digits, deleted_at ON contacts BEGIN
  INSERT INTO contacts_fts(contacts_fts, rowid, first_name, last_name, email, company, phone_digits)
  SELECT 'delete', old.rowid, ${fold('old.first_name')}, ${fold('old.last_name')}, old.email, ${fold('old.company')}, old.phone_digits
  WHERE old.deleted_at IS NULL;
  INSERT INTO contacts_fts(rowid, first_name, last_name, email, company, phone_digits)
  SELECT new.rowid, ${fold('new.first_name')}, ${fold('new.last_name')}, new.email, ${fold('new.company')}, new.phone_digits
  WHERE new.deleted_at IS NULL;
END;
`,
  run(db) {
    const report = canonicalizePhones(db, phoneRegion(db));
    if (report.keptApart > 0) {
      console.warn(
        `[kyrios] migration 9: ${report.keptApart} contact(s) share a phone number with an older contact once numbers are compared in one form; they keep their former digits until their number is next changed.`,
      );
    }
  },
};
