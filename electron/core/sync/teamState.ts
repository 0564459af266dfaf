import type { Database } from 'better-sqlite3';

/** The team this database belongs to (sync_state's one row), or null for a solo database. */
export interface TeamRow {
  hub_url: string;
  cert_fingerprint: string | null;
  workspace_id: string;
  member_id: string;
  member_name: string;
  device_id: string;
  device_token: string;
  role: string;
  clock: string;
  pull_seq: number;
  joined_at: number;
  last_synced_at: number | null;
  last_error: string | null;
  refused: string | null;
}

export const readTeam = (db: Database): TeamRow | null =>
  (db.prepare('SELECT * FROM sync_state WHERE id = 1').get() as TeamRow | undefined) ?? null;

export const pendingChanges = (db: Database): number =>
  db.prepare('SELECT count(*) FROM sync_outbox').pluck().get() as number;
