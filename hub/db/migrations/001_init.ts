import type { HubMigration } from '../migrate.ts';

// Hybrid logical clock times compare as bytes (COLLATE "C"), as they do in JavaScript: a locale collation would
// order "-" and digits differently and pick the wrong last writer.
// Every table is keyed by workspace_id first: one database can hold many teams.
export const migration001: HubMigration = {
  version: 1,
  name: 'workspaces, people, the message log and the state it folds into',
  up: `
CREATE TABLE workspaces (
  workspace_id TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  retention_days INTEGER NOT NULL DEFAULT 60 CHECK (retention_days >= 1),
  -- the last sequence number given to a message of this workspace; its row is also the lock that orders pushes
  seq BIGINT NOT NULL DEFAULT 0,
  -- the hub's hybrid logical clock for the messages it makes itself (purges)
  hlc TEXT COLLATE "C"
);

CREATE TABLE members (
  workspace_id TEXT NOT NULL REFERENCES workspaces(workspace_id),
  member_id TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner','admin','member','viewer')),
  created_at BIGINT NOT NULL,
  removed_at BIGINT,
  PRIMARY KEY (workspace_id, member_id)
);

-- A device holds a random 32-byte token; the hub keeps only its SHA-256 (see docs/security.md).
CREATE TABLE devices (
  workspace_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT,
  revoked_at BIGINT,
  PRIMARY KEY (workspace_id, device_id),
  FOREIGN KEY (workspace_id, member_id) REFERENCES members(workspace_id, member_id)
);

-- Single use, expiring, role attached; the secret is kept as its SHA-256 only.
CREATE TABLE invites (
  workspace_id TEXT NOT NULL REFERENCES workspaces(workspace_id),
  invite_id TEXT NOT NULL,
  secret_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('owner','admin','member','viewer')),
  created_by TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  used_by TEXT,
  PRIMARY KEY (workspace_id, invite_id)
);

-- The log replicas pull, in seq order. One message per (workspace, hlc): a retried push stores nothing twice.
CREATE TABLE messages (
  workspace_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  hlc TEXT COLLATE "C" NOT NULL,
  kind TEXT NOT NULL,
  tbl TEXT,
  pk TEXT,
  contact_id TEXT,
  body JSONB NOT NULL,
  member_id TEXT,
  device_id TEXT,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, seq),
  UNIQUE (workspace_id, hlc)
);
CREATE INDEX messages_contact ON messages (workspace_id, contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX messages_lifecycle ON messages (workspace_id, tbl, pk) WHERE kind IN ('delete','restore');

-- The hub's state: one row per synced row, its lifecycle folded from its delete/restore messages.
CREATE TABLE rows (
  workspace_id TEXT NOT NULL,
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  contact_id TEXT,
  -- the member whose message first made this row (for "another member's bulk action / audit row")
  created_by TEXT,
  deleted_at BIGINT,
  deletion_id TEXT,
  -- when the hub received the delete now in effect: retention counts from here, on the hub's clock
  deleted_received_at BIGINT,
  PRIMARY KEY (workspace_id, tbl, pk)
);
CREATE INDEX rows_contact ON rows (workspace_id, contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX rows_deleted_contacts ON rows (workspace_id, deleted_received_at) WHERE tbl = 'contacts' AND deleted_at IS NOT NULL;

-- Each column's newest value by hlc (last writer wins).
CREATE TABLE cells (
  workspace_id TEXT NOT NULL,
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  col TEXT NOT NULL,
  value JSONB,
  hlc TEXT COLLATE "C" NOT NULL,
  contact_id TEXT,
  PRIMARY KEY (workspace_id, tbl, pk, col)
);
CREATE INDEX cells_contact ON cells (workspace_id, contact_id) WHERE contact_id IS NOT NULL;

-- Purged contacts: ids only. Any later message naming one is dropped.
CREATE TABLE tombstones (
  workspace_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  purged_at BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, contact_id)
);
`,
};
