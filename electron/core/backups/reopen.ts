import type { Database } from 'better-sqlite3';
import type { Clock } from '../clock.ts';
import type { CoreContext } from '../context.ts';
import { openDatabase } from '../db/open.ts';
import { AppError } from '../errors.ts';

export interface ReopenDeps {
  ctx: CoreContext;
  /** The database file. */
  file: string;
  now: Clock;
  /** Stops background work (bulk runner, purge and backup timers) and waits for work in flight. */
  pause(): Promise<void>;
  /** Starts background work again (only if it ran before). */
  resume(): void;
}

/**
 * Builds the core's `reopenDatabase`: the one place the core's connection is swapped for a new one.
 *
 * Why reopen in place rather than at the next start (a marker file): the user sees the restored data
 * at once, and the headless host (which has no "restart the app") needs no restart. It is safe because
 * every handler reads `ctx.db` when it is called, `prepare` runs with the old connection still open
 * (the pre-restore backup includes every write made meanwhile), and from the end of `prepare` to the
 * new connection in `ctx.db` everything is synchronous: no IPC or HTTP call can run in between and see
 * a closed connection. The restored file is already migrated, so opening it writes no backup and
 * awaits nothing.
 */
export function databaseReopener(deps: ReopenDeps): NonNullable<CoreContext['reopenDatabase']> {
  let busy = false;
  return async (prepare: (db: Database) => Promise<void>, swap: (file: string) => void) => {
    if (busy) throw new AppError('BUSY', 'A restore is already under way. Wait for it to finish, then try again.');
    busy = true;
    const { ctx } = deps;
    try {
      await deps.pause();
      await prepare(ctx.db);
      ctx.db.close();
      let swapError: unknown = null;
      try {
        swap(deps.file);
      } catch (err) {
        swapError = err; // the old file is still in place: reopen it
      }
      try {
        ctx.db = (await openDatabase({ file: deps.file, now: deps.now })).db;
      } catch (err) {
        console.error('[kyrios] reopening the database failed:', (err as Error).message);
        throw new AppError('INTERNAL', 'Kyrios could not reopen its database after the restore. Quit and start Kyrios again.');
      }
      if (swapError) throw swapError;
    } finally {
      busy = false;
      deps.resume();
    }
  };
}
