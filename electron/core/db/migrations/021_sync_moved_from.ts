import type { Migration } from '../migrate.ts';

// Team mode: a move racing a purge (docs/sync.md, "A move racing a purge"). A related row this machine moved
// to another contact (a restore conflict's merge, or its undo) keeps here the contact it left, so that when the
// hub purges the contact it was moved to before the move reached the hub (the hub drops the move: it names a
// purged contact), the row goes back where the hub's order has it, instead of being erased here only. With it,
// the row's time before the move (`prev_hlc`, its newest row message then) and the pull cursor then
// (`pulled_seq`): the dropped move's time is forgotten and what was pulled since is applied again, so an edit
// made elsewhere that lost here only to the dropped move wins here too, as on the hub.
export const migration021: Migration = {
  version: 21,
  name: 'team mode: the contact a row moved here left',
  up: `
CREATE TABLE sync_moved_from (
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  from_contact TEXT NOT NULL,
  to_contact TEXT NOT NULL,
  prev_hlc TEXT,
  pulled_seq INTEGER NOT NULL,
  PRIMARY KEY (tbl, pk)
) WITHOUT ROWID;
`,
};
