import type { Migration } from '../migrate.ts';

// What a bulk action still has to snapshot as items. A large selection (50,000 ids, or "all N
// matching" a filter) is turned into items a slice per turn of the runner instead of all at once
// inside the call, which held the event loop for 0.2-0.5 s at 50,000 contacts (and grew with the
// selection). While an action has rows here it is still being prepared: the runner adds the next
// slice of items instead of running a chunk. Each row is one part, taken in order:
// - 'ids': a JSON array of up to one slice of contact ids, deleted once its items are added;
// - 'filter': the ContactFilter as JSON; cursor = the last contacts rowid taken, until = the highest
//   rowid when the selection was made (contacts created later are not part of it);
// - 'restore': the bulk delete being restored; cursor = the last of its item seqs taken, until = its highest.
// The rows go when the action ends however it ends (a filter's search text may be a name or an email).
export const migration007: Migration = {
  version: 7,
  name: 'bulk actions: selections snapshotted in slices',
  up: `
CREATE TABLE bulk_action_sources (
  action_id TEXT NOT NULL REFERENCES bulk_actions(id) ON DELETE CASCADE,
  part INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('ids','filter','restore')),
  spec TEXT NOT NULL,
  cursor INTEGER NOT NULL DEFAULT 0,
  until INTEGER,
  PRIMARY KEY (action_id, part)
) WITHOUT ROWID;

CREATE TRIGGER bulk_action_sources_end AFTER UPDATE OF status ON bulk_actions
  WHEN new.status NOT IN ('queued','running') BEGIN
  DELETE FROM bulk_action_sources WHERE action_id = new.id;
END;
`,
};
