import type { Migration } from '../migrate.ts';

// The needs-review mark of team mode (docs/sync.md, uniqueness): two members may create or restore
// contacts with one email or phone while offline. Both stay live; of those sharing it, the one created
// first (in HLC order) holds it and every other is marked with review_of = the id of the one it clashes
// with, until someone edits or deletes one of them. The live-email and live-phone unique indexes hold
// among unmarked contacts only: their second column is '' for an unmarked contact and its own id for a
// marked one, so a pulled duplicate never fails to apply and is never dropped. The indexes keep their
// names and their leading column, so every lookup by email or phone still uses them. A solo database
// never marks a contact: review_of stays NULL and the indexes mean what they meant.
export const migration013: Migration = {
  version: 13,
  name: 'contacts: the needs-review mark of team mode',
  up: `
ALTER TABLE contacts ADD COLUMN review_of TEXT;
DROP INDEX idx_contacts_live_email;
DROP INDEX idx_contacts_live_phone;
CREATE UNIQUE INDEX idx_contacts_live_email ON contacts(email COLLATE NOCASE, (CASE WHEN review_of IS NULL THEN '' ELSE id END))
  WHERE deleted_at IS NULL AND email IS NOT NULL;
CREATE UNIQUE INDEX idx_contacts_live_phone ON contacts(phone_digits, (CASE WHEN review_of IS NULL THEN '' ELSE id END))
  WHERE deleted_at IS NULL AND phone_digits IS NOT NULL;
CREATE INDEX idx_contacts_review ON contacts(review_of) WHERE review_of IS NOT NULL;
`,
};
