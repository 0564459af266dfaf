import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { CHANNEL_NAMES, isReadChannel, type ChannelName } from '../../../shared/contract.ts';
import type { Clock } from '../clock.ts';
import type { CoreContext } from '../context.ts';
import { allHandlers, registerBulkJobs } from '../core.ts';
import { createDispatcher, type Dispatcher, type Handlers } from '../dispatcher.ts';
import { AppError } from '../errors.ts';
import { CoreEvents } from '../events.ts';

/**
 * A read-only connection to the database the writer has opened and migrated. WAL lets it read the
 * last committed state while the writer's transaction (a bulk chunk) is open. It cannot write: a
 * handler that tried would fail with SQLITE_READONLY instead of changing anything.
 */
export function openReadOnly(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -32768');
  return db;
}

/**
 * The handlers of the channels the contract marks `reads: true`, each run in one read transaction:
 * everything a handler reads before it first awaits (a list's page and its total) comes from one
 * committed state, never half of it from before a chunk's commit and half from after. A channel not
 * marked `reads` is refused: the proxy never sends one here.
 */
export function readHandlers(): Handlers {
  const handlers: Record<string, (input: unknown, ctx: CoreContext) => unknown> = {};
  for (const channel of CHANNEL_NAMES) {
    const handler = allHandlers[channel] as (input: unknown, ctx: CoreContext) => unknown;
    handlers[channel] = isReadChannel(channel)
      ? (input, ctx) => inReadSnapshot(ctx.db, () => handler(input, ctx))
      : () => {
          throw new AppError('INTERNAL', `${channel} writes, so a reader thread cannot answer it.`);
        };
  }
  return handlers as Handlers;
}

function inReadSnapshot<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return fn();
  db.exec('BEGIN');
  try {
    return fn();
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
  }
}

export interface ReaderCore {
  ctx: CoreContext;
  dispatcher: Dispatcher;
}

/** A dispatcher for the read channels over `db` (read-only), with the context their handlers expect. */
export function createReaderCore(db: Db, opts: { now: Clock; dataDir?: string }): ReaderCore {
  // A bulk action's label and whether it can be restored are its job's to say (bulk/jobs.ts).
  registerBulkJobs();
  const ctx: CoreContext = {
    db,
    now: opts.now,
    events: new CoreEvents(), // read channels declare no side effects: nothing is ever announced here
    wakeRunner: () => {},
    dataDir: opts.dataDir,
  };
  return { ctx, dispatcher: createDispatcher(ctx, readHandlers()) };
}

export const READ_CHANNELS: readonly ChannelName[] = CHANNEL_NAMES.filter(isReadChannel);
