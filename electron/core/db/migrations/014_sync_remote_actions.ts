import type { Migration } from '../migrate.ts';

// Team mode: bulk actions another member made arrive as synced rows (their status and progress show in
// everyone's Bulk Actions), but only the machine that made one runs it. The bulk runner skips the
// actions listed here; a pull lists every action whose row it inserts. Kept after leaving a team, so
// another member's half-done action never starts running on this machine.
export const migration014: Migration = {
  version: 14,
  name: "team mode: other members' bulk actions are not run here",
  up: `
CREATE TABLE sync_remote_actions (
  id TEXT PRIMARY KEY NOT NULL
) WITHOUT ROWID;
`,
};
