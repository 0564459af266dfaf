import type { Migration } from '../migrate.ts';

// The Restore tab sorts by name and by who deleted, besides the deletion date (purge date is the
// deletion date plus the retention, so it reads the same index). Each order is read off an index a
// page at a time, never by sorting every deleted contact:
// - by name as the tab shows it ("First Last"), over the deleted contacts only;
// - by who deleted: the deletions (one per single delete or bulk delete) in deleter order, newest
//   first within a deleter, then the contacts each deletion removed. (UNIQUE, as it holds the id:
//   SQLite then knows each deletion comes once and reads each one's contacts in index order too.)
export const migration011: Migration = {
  version: 11,
  name: 'restore tab: name and deleted-by sort indexes',
  up: `
CREATE INDEX idx_contacts_deleted_name ON contacts(first_name COLLATE NOCASE, last_name COLLATE NOCASE, id) WHERE deleted_at IS NOT NULL;
CREATE INDEX idx_contacts_deleted_by_deletion ON contacts(deletion_id, id) WHERE deleted_at IS NOT NULL;
CREATE UNIQUE INDEX idx_deletions_deleted_by ON deletions(deleted_by COLLATE NOCASE, deleted_at DESC, id DESC) WHERE kind <> 'record';
`,
};
