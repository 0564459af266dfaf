import type { CoreContext } from '../context.ts';
import { holdBulkCache } from '../db/bulkCache.ts';
import { Checkpointer } from './checkpointer.ts';
import { threadCpuMs } from './chunkClock.ts';
import { markFailed, nextAction, runChunk } from './runChunk.ts';

/**
 * How much CPU time one chunk (one transaction, commit included) should take. The runner is on the
 * writer thread (worker/writerWorker.ts) and reads are answered by reader threads on read-only
 * connections, so a chunk no longer holds up the Contacts list or a search: it only delays the next
 * call that writes (an edit made while a bulk action runs waits up to one chunk). Every commit costs
 * its dirty pages: each contact dirties ~15-20 index and table pages scattered over the file (its row,
 * the live indexes by name, email, phone..., its related rows), each chunk writes them to the WAL and
 * the next chunk dirties many of the same pages again. Measured on this 2-core VM, set-based delete
 * of 2,500 of 5,000 contacts with 20 related rows each, CPU ms for the whole set (one transaction:
 * 280-470): 10 contacts per chunk: 2,065; 50: 902; 100: 713; 200: 872; 500: 705. When a chunk was
 * capped at ~20 ms so that the list stayed quick on the same thread, the restore of 50,000 took ~700
 * commits and 1.51-1.65x the raw SQL's time; at ~200 ms it takes ~60 (tests/bench/README.md).
 * Sized by CPU time, not wall time: on a loaded machine wall time is 2-4x CPU time.
 */
export const CHUNK_TARGET_CPU_MS = 200;
/**
 * The same while nobody is editing: a chunk this long holds up no one, and each commit rewrites the
 * leaves of the contacts' indexes by name, email, company and dates that the chunk's contacts are
 * spread over (~11,700 pages at 100,000 contacts), so fewer, larger chunks write far less. Counted in
 * the WAL of a 50,000-contact restore at 100,000: 335,000 frames in chunks of 3,400 contacts (~500 ms),
 * 210,000 in one transaction; each of those indexes' ~1,000-2,000 leaves was written 7-14 times.
 * Paired with the raw SQL at 100,000 (tests/bench/README.md, 3 Dec 2026, sixth session), the restore's CPU
 * was 1.36x of the raw SQL's at 500 ms in the 64 MB cache, and in the bulk cache (db/bulkCache.ts) 1.21-1.33x
 * at 1,000 ms and 1.18-1.19x at 1,500. An edit made meanwhile waits up to one chunk, then chunks stay short.
 */
export const UNATTENDED_CHUNK_CPU_MS = 1500;
/** A call that writes during a run makes chunks short again for this long (a person is editing). */
export const ATTENDED_MS = 10_000;
/** Never fewer contacts per chunk than this (below it the per-chunk page writes are most of the work). */
export const MIN_CHUNK = 50;
/** Never more: bounds one chunk's transaction, the WAL it writes and how long a write waits behind it. */
export const MAX_CHUNK = 20000;
const FIRST_CHUNK = MIN_CHUNK;
/**
 * WAL pages between checkpoints while an action runs. Chunks re-dirty the same index pages, and a
 * checkpoint copies each page once however many chunks wrote it since the last one, so a longer
 * interval copies far less: at SQLite's default (1000) every few chunks paid a checkpoint; 4,000
 * made a 5,000-contact delete and restore ~30% faster; 16,000 (64 MB of WAL at most) cut a
 * 50-contact-chunk delete of 2,500 contacts from 1,380 to 902 CPU ms again (no checkpoint at all:
 * 752). Restored when idle.
 *
 * Even so, the chunk whose commit crossed the interval paid the checkpoint (75-100 ms instead of
 * ~20 ms), the longest waits IPC saw. So while an action runs a worker thread (Checkpointer) runs
 * PASSIVE checkpoints on a connection of its own and the main connection does none
 * (wal_autocheckpoint = 0); this interval applies only until the worker is ready, or if it cannot run.
 */
const BULK_AUTOCHECKPOINT = 16000;

/**
 * Runs bulk actions in the background: one action at a time, oldest first, one chunk (one
 * transaction) per turn of the event loop, so the calls that write are answered between chunks (the
 * reads are answered meanwhile by the reader threads).
 * On start it resumes whatever a crash or quit left queued or running.
 *
 * A failed chunk marks its action failed with a reason a person understands; failed actions are
 * not retried automatically (the reason is shown; a bulk delete that failed part way can be restored).
 */
export class BulkRunner {
  readonly ctx: CoreContext;
  /** Contacts per chunk; null (the default) sizes chunks to take about CHUNK_TARGET_CPU_MS of CPU each. */
  chunkSize: number | null;
  private adaptive = FIRST_CHUNK;
  private started = false;
  private scheduled: NodeJS.Immediate | null = null;
  private idleWaiters: (() => void)[] = [];
  /** Actions that could not even be marked failed (e.g. a full disk): left alone until the next start. */
  private broken = new Set<string>();
  /** The connection's own checkpoint interval while a run has raised it, else null. */
  private savedAutocheckpoint: number | null = null;
  /** Gives back the bulk cache (db/bulkCache.ts) the connection holds while a run lasts. */
  private releaseCache: (() => void) | null = null;
  /** Takes the checkpoints off the event loop while an action runs (best effort). */
  private readonly checkpointer: Checkpointer;
  /** performance.now() until which chunks stay short: a call wrote while an action ran (noteWrite). */
  private attendedUntil = 0;

  constructor(
    ctx: CoreContext,
    opts: { chunkSize?: number; checkpoints?: ConstructorParameters<typeof Checkpointer>[1] } = {},
  ) {
    this.ctx = ctx;
    this.chunkSize = opts.chunkSize ?? null;
    this.checkpointer = new Checkpointer(
      {
        onReady: () => this.setAutocheckpoint(0),
        onLost: () => this.setAutocheckpoint(BULK_AUTOCHECKPOINT),
        onCaughtUp: () => this.wake(),
      },
      opts.checkpoints,
    );
  }

  start(): void {
    this.started = true;
    this.broken.clear();
    if (this.ctx.db.open) this.checkpointer.prepare(this.dbFile());
    this.wake();
  }

  /**
   * A new action was queued (or one was cancelled): look for work on the next turn. While the
   * checkpointer is behind, the turn waits for it (it wakes the runner again).
   */
  wake(): void {
    if (!this.started || this.scheduled || this.checkpointer.behind) return;
    this.scheduled = setImmediate(() => this.turn());
  }

  /**
   * Stops after the chunk in flight (chunks are synchronous, so none is ever cut in half) and closes
   * the checkpointer's connection, so the main connection is the last one and its close removes the WAL.
   */
  async stop(): Promise<void> {
    this.started = false;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.flushIdle();
    await this.checkpointer.close();
  }

  /** Resolves when no action is left to run (or the runner is stopped). */
  idle(): Promise<void> {
    if (!this.started) return Promise.resolve();
    this.wake();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * A call that writes has arrived: if an action is running, it waits up to one chunk, so chunks
   * shrink to CHUNK_TARGET_CPU_MS at once and stay so for ATTENDED_MS. (The call that starts an action
   * comes before its run, and does not count.)
   */
  noteWrite(): void {
    if (this.savedAutocheckpoint === null) return;
    if (!this.attended) this.adaptive = Math.max(MIN_CHUNK, Math.round((this.adaptive * CHUNK_TARGET_CPU_MS) / UNATTENDED_CHUNK_CPU_MS));
    this.attendedUntil = performance.now() + ATTENDED_MS;
  }

  /** Whether a person edited during this run lately (chunks stay short). */
  get attended(): boolean {
    return performance.now() < this.attendedUntil;
  }

  /** The CPU time the next chunk is sized to take. */
  get chunkTargetCpuMs(): number {
    return this.attended ? CHUNK_TARGET_CPU_MS : UNATTENDED_CHUNK_CPU_MS;
  }

  private turn(): void {
    this.scheduled = null;
    if (!this.started || !this.ctx.db.open) return this.flushIdle();
    // The checkpointer asked to catch up after this turn was scheduled: it wakes the runner once done.
    if (this.checkpointer.behind) return;
    const action = nextAction(this.ctx.db, this.broken);
    if (!action) return this.flushIdle();
    this.raiseCheckpointInterval();
    try {
      const size = this.chunkSize ?? this.adaptive;
      const cpu0 = threadCpuMs();
      const before = action.processed;
      const r = runChunk(this.ctx, action.id, size);
      this.adapt(size, r.processed - before, threadCpuMs() - cpu0);
    } catch (err) {
      try {
        markFailed(this.ctx, action.id, err);
      } catch (markErr) {
        console.error('[kyrios] bulk action failed and could not be marked failed:', err, markErr);
        this.broken.add(action.id);
      }
    }
    this.wake();
  }

  /**
   * A chunk's cost depends on the data (a contact with 200 related rows costs ten times one with 20)
   * and the machine, so the size follows the CPU time the last chunks took, halfway each time,
   * within MIN_CHUNK..MAX_CHUNK.
   */
  private adapt(size: number, done: number, cpuMs: number): void {
    if (done < size || cpuMs <= 0) return; // a short last chunk says little
    const ideal = Math.round((size * this.chunkTargetCpuMs) / cpuMs);
    this.adaptive = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.round((this.adaptive + ideal) / 2)));
  }

  private raiseCheckpointInterval(): void {
    if (this.savedAutocheckpoint !== null) return;
    this.savedAutocheckpoint = this.ctx.db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.ctx.db.pragma(`wal_autocheckpoint = ${BULK_AUTOCHECKPOINT}`);
    this.releaseCache = holdBulkCache(this.ctx.db);
    this.checkpointer.markBusy(this.dbFile());
  }

  private dbFile(): string {
    return this.ctx.db.memory ? ':memory:' : this.ctx.db.name;
  }

  /** Sets the main connection's interval while a run has raised it (the worker answers asynchronously). */
  private setAutocheckpoint(pages: number): void {
    if (this.savedAutocheckpoint === null || !this.ctx.db.open) return;
    this.ctx.db.pragma(`wal_autocheckpoint = ${pages}`);
  }

  private restoreCheckpointInterval(): void {
    if (this.savedAutocheckpoint === null) return;
    if (this.ctx.db.open) this.ctx.db.pragma(`wal_autocheckpoint = ${this.savedAutocheckpoint}`);
    this.releaseCache?.();
    this.releaseCache = null;
    this.savedAutocheckpoint = null;
    this.checkpointer.markIdle();
  }

  private flushIdle(): void {
    this.restoreCheckpointInterval();
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
