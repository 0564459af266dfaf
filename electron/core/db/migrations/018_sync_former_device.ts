import type { Migration } from '../migrate.ts';

// Team mode: who this database was in a team it left (docs/sync.md, "Rejoining"). Kept by team.leave, one
// row per workspace: the device id, its credential (as sync_state kept it: sealed when the app has a vault),
// the member's name and the clock's newest time. A later team.join of the same workspace presents them, and
// the hub gives the same device back if that device was not revoked and the member is the same person;
// the clock then goes on after every time that device already used, so no new change shares a time with
// an old one. Removed once the database joins again (whatever the hub decided).
export const migration018: Migration = {
  version: 18,
  name: 'team mode: the device a database was before it left its team',
  up: `
CREATE TABLE sync_former_device (
  workspace_id TEXT PRIMARY KEY NOT NULL,
  device_id TEXT NOT NULL,
  device_token TEXT NOT NULL,
  member_name TEXT NOT NULL,
  clock TEXT NOT NULL
) WITHOUT ROWID;
`,
};
