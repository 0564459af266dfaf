import type { Database } from 'better-sqlite3';
import type { Clock } from './clock.ts';
import type { CoreEvents } from './events.ts';
import type { CredentialVault } from './sync/credentialVault.ts';
import type { TeamSync } from './sync/teamSync.ts';

/** What every service and handler receives: the database, the clock and the event bus. */
export interface CoreContext {
  db: Database;
  now: Clock;
  events: CoreEvents;
  /** Wakes the bulk-action runner after a new action is queued. */
  wakeRunner(): void;
  /** Team mode's sync loop (sync/teamSync.ts); set by createCore. */
  team?: TeamSync;
  /** Keeps the hub's device credential with the OS (Electron's safeStorage); absent: kept in the database. */
  vault?: CredentialVault;
  /** The data folder (database and backups); set by createCore, absent for a bare in-memory context. */
  dataDir?: string;
  /**
   * Swaps the database file (restore from a backup; see backups/reopen.ts): pauses background work,
   * runs `prepare` on the open connection, closes it, runs `swap` on the closed file, reopens it into
   * `db` and resumes background work. Set by createCore.
   */
  reopenDatabase?(prepare: (db: Database) => Promise<void>, swap: (file: string) => void): Promise<void>;
}
