import type { Database } from 'better-sqlite3';
import type { FileErasure } from '../../../shared/domain.ts';
import type { Clock } from '../clock.ts';
import { clearState, hasState, writeState } from '../settings/internalState.ts';

export type { FileErasure };

/**
 * Set when a purge's checkpoint could not empty the WAL (another connection still read an older
 * snapshot, or the checkpoint worker held the checkpoint lock), so the WAL file may still hold the
 * purged rows' old page images. Persisted in the database so a quit in between does not forget it:
 * a retry timer, the next purge pass and the next start all try again until one succeeds.
 * Value: JSON `{ "since": <ms> }`.
 */
export const WAL_ERASE_DUE_KEY = 'lifecycle.walEraseDue';

/** The brief retries inside the call (ms to wait before each), then the timer's. Tests may shorten them. */
export const WAL_ERASURE_RETRY = { inCallMs: [20, 80, 200], everyMs: 5_000, timerAttempts: 12 };

interface CheckpointRow {
  busy: number;
  log: number;
  checkpointed: number;
}

/**
 * One TRUNCATE checkpoint that never waits: done only when it was not blocked (busy 0) and copied every
 * frame (checkpointed = log), after which SQLite truncates the WAL to nothing. The connection's
 * busy_timeout is set to 0 for the call: TRUNCATE otherwise waits up to 5 s for readers, on the thread
 * that answers every call.
 */
export function tryTruncatingCheckpoint(db: Database): boolean {
  if (!db.open) return false;
  const previous = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    const row = (db.pragma('wal_checkpoint(TRUNCATE)') as CheckpointRow[])[0];
    return !!row && row.busy === 0 && row.log === row.checkpointed;
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return false;
    throw err;
  } finally {
    if (db.open) db.pragma(`busy_timeout = ${previous}`);
  }
}

export const walErasureDue = (db: Database): boolean =>
  hasState(db, WAL_ERASE_DUE_KEY);

const timers = new WeakMap<Database, { timer: NodeJS.Timeout; at: number }>();

function clearDue(db: Database): void {
  const t = timers.get(db);
  if (t) clearTimeout(t.timer);
  timers.delete(db);
  if (!walErasureDue(db)) return;
  clearState(db, WAL_ERASE_DUE_KEY);
  // The delete itself went to the WAL: empty it again (nothing else holds it back a moment later).
  tryTruncatingCheckpoint(db);
}

function scheduleRetry(db: Database, now: Clock, attempt: number): number {
  const existing = timers.get(db);
  if (existing) return existing.at;
  const at = now() + WAL_ERASURE_RETRY.everyMs;
  const timer = setTimeout(() => {
    timers.delete(db);
    if (!db.open) return;
    try {
      if (tryTruncatingCheckpoint(db)) clearDue(db);
      else if (attempt + 1 < WAL_ERASURE_RETRY.timerAttempts) scheduleRetry(db, now, attempt + 1);
    } catch (err) {
      console.error('[kyrios] the checkpoint after a purge failed:', (err as Error).message);
    }
  }, WAL_ERASURE_RETRY.everyMs);
  // Never keeps the process alive: an erasure left due is finished at the next start.
  timer.unref();
  timers.set(db, { timer, at });
  return at;
}

/** The state of the files' erasure now: done, or when the next try is. */
export function fileErasure(db: Database): FileErasure {
  if (!walErasureDue(db)) return { done: true, nextAttemptAt: null };
  return { done: false, nextAttemptAt: timers.get(db)?.at ?? null };
}

/**
 * Makes the purged bytes unrecoverable from the files too: moves the WAL (which still holds the old
 * page images) into the database, where secure_delete has zeroed them, and truncates it to nothing.
 * Tries a few times over ~0.3 s without blocking other calls; if another connection still holds the
 * WAL, records the erasure as due (WAL_ERASE_DUE_KEY) and retries on a timer, then on the next purge
 * pass or start. Says whether the bytes are gone, or when the next try is.
 */
export async function checkpointAfterPurge(db: Database, now: Clock = Date.now): Promise<FileErasure> {
  for (const wait of [0, ...WAL_ERASURE_RETRY.inCallMs]) {
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (!db.open) return { done: false, nextAttemptAt: null };
    if (tryTruncatingCheckpoint(db)) {
      clearDue(db);
      return { done: true, nextAttemptAt: null };
    }
  }
  if (!walErasureDue(db)) {
    writeState(db, WAL_ERASE_DUE_KEY, JSON.stringify({ since: now() }));
  }
  return { done: false, nextAttemptAt: scheduleRetry(db, now, 0) };
}

/** At open: an erasure left due by the last run (the app quit before a checkpoint got through) is finished now. */
export function finishDueErasure(db: Database): void {
  if (walErasureDue(db) && tryTruncatingCheckpoint(db)) clearDue(db);
}
