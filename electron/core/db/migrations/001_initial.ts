import type { Migration } from '../migrate.ts';

// Every contact-owned table carries deleted_at (Unix ms, NULL = live) and deletion_id (the deletion
// that removed the row). Active views read only live rows, through partial indexes on
// `deleted_at IS NULL`; restore finds exactly a deletion's rows through (contact_id, deletion_id).
const owned = (table: string, columns: string, extraIndexes = '') => `
CREATE TABLE ${table} (
  id TEXT PRIMARY KEY NOT NULL,
  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  ${columns},
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER,
  deletion_id TEXT
);
CREATE INDEX idx_${table}_live ON ${table}(contact_id, created_at) WHERE deleted_at IS NULL;
CREATE INDEX idx_${table}_deletion ON ${table}(contact_id, deletion_id);
${extraIndexes}`;

export const migration001: Migration = {
  version: 1,
  name: 'initial schema',
  up: `
CREATE TABLE contacts (
  id TEXT PRIMARY KEY NOT NULL,
  first_name TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL DEFAULT '',
  email TEXT,
  phone TEXT,
  phone_digits TEXT,
  company TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  source TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER,
  deletion_id TEXT
);
-- A live contact's email and phone are unique: a restore that would break this is a conflict.
CREATE UNIQUE INDEX idx_contacts_live_email ON contacts(email COLLATE NOCASE) WHERE deleted_at IS NULL AND email IS NOT NULL;
CREATE UNIQUE INDEX idx_contacts_live_phone ON contacts(phone_digits) WHERE deleted_at IS NULL AND phone_digits IS NOT NULL;
CREATE INDEX idx_contacts_live_name ON contacts(last_name COLLATE NOCASE, first_name COLLATE NOCASE, id) WHERE deleted_at IS NULL;
CREATE INDEX idx_contacts_live_company ON contacts(company COLLATE NOCASE, id) WHERE deleted_at IS NULL;
CREATE INDEX idx_contacts_live_created ON contacts(created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX idx_contacts_live_updated ON contacts(updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX idx_contacts_deleted ON contacts(deleted_at, id) WHERE deleted_at IS NOT NULL;
CREATE INDEX idx_contacts_deletion ON contacts(deletion_id) WHERE deletion_id IS NOT NULL;

-- Tag lookup table, derived from contacts.tags; never carries lifecycle state of its own.
CREATE TABLE contact_tags (
  tag TEXT NOT NULL COLLATE NOCASE,
  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  PRIMARY KEY (tag, contact_id)
) WITHOUT ROWID;
CREATE INDEX idx_contact_tags_contact ON contact_tags(contact_id);

${owned('conversations', `channel TEXT NOT NULL CHECK (channel IN ('sms','email','call','chat')),
  subject TEXT`)}
${owned(
  'messages',
  `conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('inbound','outbound')),
  sent_at INTEGER NOT NULL`,
  'CREATE INDEX idx_messages_conversation_live ON messages(conversation_id, sent_at) WHERE deleted_at IS NULL;',
)}
${owned('notes', 'body TEXT NOT NULL')}
${owned('opportunities', `name TEXT NOT NULL,
  pipeline TEXT NOT NULL DEFAULT 'Sales',
  stage TEXT NOT NULL DEFAULT 'Lead',
  value REAL NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','won','lost'))`)}
${owned('tasks', `title TEXT NOT NULL,
  due_at INTEGER,
  done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0,1))`)}
${owned('appointments', `title TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL CHECK (ends_at >= starts_at),
  location TEXT`)}
${owned('manual_actions', `type TEXT NOT NULL CHECK (type IN ('call','sms','email')),
  due_at INTEGER,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done','skipped')),
  note TEXT`)}

-- One row per deletion: a single contact's, a bulk action's, or one related record deleted on its own.
CREATE TABLE deletions (
  id TEXT PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('single','bulk','record')),
  bulk_action_id TEXT REFERENCES bulk_actions(id),
  deleted_by TEXT NOT NULL,
  deleted_at INTEGER NOT NULL
);
CREATE INDEX idx_deletions_bulk ON deletions(bulk_action_id) WHERE bulk_action_id IS NOT NULL;

CREATE TABLE bulk_actions (
  id TEXT PRIMARY KEY NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('delete','restore','import')),
  status TEXT NOT NULL CHECK (status IN ('queued','running','complete','failed','cancelled')),
  total INTEGER NOT NULL DEFAULT 0,
  processed INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  error TEXT,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  -- restore: the bulk delete it reverses; delete: its deletion row
  source_action_id TEXT REFERENCES bulk_actions(id),
  deletion_id TEXT,
  params TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX idx_bulk_actions_created ON bulk_actions(created_at DESC);
CREATE INDEX idx_bulk_actions_unfinished ON bulk_actions(created_at) WHERE status IN ('queued','running');
CREATE INDEX idx_bulk_actions_source ON bulk_actions(source_action_id) WHERE source_action_id IS NOT NULL;

-- The target set of a bulk action, snapshotted at creation so it never changes.
CREATE TABLE bulk_action_items (
  action_id TEXT NOT NULL REFERENCES bulk_actions(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  contact_id TEXT,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','done','skipped')),
  code TEXT,
  reason TEXT,
  payload TEXT,
  PRIMARY KEY (action_id, seq)
) WITHOUT ROWID;
CREATE INDEX idx_bulk_items_pending ON bulk_action_items(action_id, seq) WHERE state = 'pending';
CREATE INDEX idx_bulk_items_contact ON bulk_action_items(contact_id) WHERE contact_id IS NOT NULL;

-- What was done, by whom, when, to how many. Holds ids and counts, never a contact's personal data.
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY NOT NULL,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT,
  count INTEGER NOT NULL,
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX idx_audit_log_at ON audit_log(at DESC);

CREATE TABLE settings (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) WITHOUT ROWID;
`,
};
