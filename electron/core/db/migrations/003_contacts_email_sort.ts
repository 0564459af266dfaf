import type { Migration } from '../migrate.ts';

// The contacts list sorted by email reads its page straight off this index, as the other sorts do
// off theirs (001). The unique email index cannot serve it: it leaves out contacts without an email.
export const migration003: Migration = {
  version: 3,
  name: 'contacts email sort index',
  up: `
CREATE INDEX idx_contacts_live_email_sort ON contacts(email COLLATE NOCASE, id) WHERE deleted_at IS NULL;
`,
};
