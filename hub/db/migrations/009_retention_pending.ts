import type { HubMigration } from '../migrate.ts';

// Retention reads only what is new or still pending (docs/sync.md, "Record deletions are purged too"). Each pass
// read every delete of a related row received before the cutoff, restored ones included, and folded them all:
// the list only grew. Now a pass reads the lifecycle messages stored since the last pass (by sequence, through
// the partial index below), and keeps in retention_pending the related rows whose record deletion may still come
// due: the receipt time of the deletion in effect, or NULL while it must be folded again. A row restored, or
// deleted with its contact, leaves the list; a later delete or restore of it or of its contact brings it back.
export const migration009: HubMigration = {
  version: 9,
  name: 'retention: a cursor over lifecycle messages and the record deletions still pending',
  up: `
CREATE TABLE retention_cursor (
  workspace_id TEXT PRIMARY KEY,
  lifecycle_seq BIGINT NOT NULL
);
CREATE TABLE retention_pending (
  workspace_id TEXT NOT NULL,
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  received_at BIGINT,
  PRIMARY KEY (workspace_id, tbl, pk)
);
CREATE INDEX retention_pending_due ON retention_pending (workspace_id, received_at);
CREATE INDEX messages_lifecycle_seq ON messages (workspace_id, seq) WHERE kind IN ('delete', 'restore');
`,
};
