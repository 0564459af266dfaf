import type { Database } from 'better-sqlite3';
import { AppError } from '../errors.ts';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index.ts';

export interface Migration {
  version: number;
  name: string;
  /** SQL run inside the migration's own transaction. */
  up: string;
  /**
   * Work SQL cannot express (e.g. re-computing a column with a JavaScript library), run after `up` in
   * the same transaction: if it throws, the whole migration rolls back and the version stays as it was.
   */
  run?: (db: Database) => void;
}

export interface MigrationReport {
  from: number;
  to: number;
  /** The backup written before migrating an existing database, or null for a new one. */
  backupPath: string | null;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Refuses a database written by a newer Kyrios before anything touches it: opening it with an older
 * schema would lose data the newer version relies on.
 */
export function assertNotNewer(version: number, latest = LATEST_VERSION): void {
  if (version > latest) {
    throw new AppError(
      'CONFLICT',
      `This database was made by a newer version of Kyrios (schema ${version}; this version knows up to ${latest}). ` +
        'Install the latest Kyrios Desktop to open it. The file was left untouched.',
    );
  }
}

/** The version the last migration brings a database to (numbers are reserved ahead, so there may be gaps). */
export const lastVersion = (migrations: readonly Migration[]): number => migrations.at(-1)?.version ?? 0;

/** Runs every migration above the database's user_version, each in its own transaction. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, upTo = lastVersion(migrations)): number {
  let version = schemaVersion(db);
  assertNotNewer(version, lastVersion(migrations));
  for (const m of migrations) {
    if (m.version <= version || m.version > upTo) continue;
    db.transaction(() => {
      db.exec(m.up);
      m.run?.(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    version = m.version;
  }
  return version;
}
