import type { CoreContext } from '../context.ts';
import { markFailed, nextAction, runChunk } from './runChunk.ts';

/** How long one chunk (one transaction, commit included) should take: the app stays responsive. */
export const CHUNK_TARGET_MS = 20;
const FIRST_CHUNK = 20;
const MAX_CHUNK = 1000;
/**
 * WAL pages between checkpoints while an action runs. A chunk writes a few hundred pages; at SQLite's
 * default (1000) every third chunk pays a checkpoint with its fsyncs, and pages that every chunk
 * touches are copied again each time. 4000 made a 5,000-contact delete and restore ~30% faster on a
 * loaded 2-core VM, for checkpoints of ~100-250 ms instead of ~80-200 ms. Restored when idle.
 */
const BULK_AUTOCHECKPOINT = 4000;

/**
 * Runs bulk actions in the background: one action at a time, oldest first, one chunk (one
 * transaction) per turn of the event loop, so IPC and other calls are answered between chunks.
 * On start it resumes whatever a crash or quit left queued or running.
 *
 * A failed chunk marks its action failed with a reason a person understands; failed actions are
 * not retried automatically (the reason is shown; a bulk delete that failed part way can be restored).
 */
export class BulkRunner {
  readonly ctx: CoreContext;
  /** Contacts per chunk; null (the default) sizes chunks to take about CHUNK_TARGET_MS each. */
  chunkSize: number | null;
  private adaptive = FIRST_CHUNK;
  private started = false;
  private scheduled: NodeJS.Immediate | null = null;
  private idleWaiters: (() => void)[] = [];
  /** Actions that could not even be marked failed (e.g. a full disk): left alone until the next start. */
  private broken = new Set<string>();
  /** The connection's own checkpoint interval while a run has raised it, else null. */
  private savedAutocheckpoint: number | null = null;

  constructor(ctx: CoreContext, opts: { chunkSize?: number } = {}) {
    this.ctx = ctx;
    this.chunkSize = opts.chunkSize ?? null;
  }

  start(): void {
    this.started = true;
    this.broken.clear();
    this.wake();
  }

  /** A new action was queued (or one was cancelled): look for work on the next turn. */
  wake(): void {
    if (!this.started || this.scheduled) return;
    this.scheduled = setImmediate(() => this.turn());
  }

  /** Stops after the chunk in flight (chunks are synchronous, so none is ever cut in half). */
  async stop(): Promise<void> {
    this.started = false;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.flushIdle();
  }

  /** Resolves when no action is left to run (or the runner is stopped). */
  idle(): Promise<void> {
    if (!this.started) return Promise.resolve();
    this.wake();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private turn(): void {
    this.scheduled = null;
    if (!this.started || !this.ctx.db.open) return this.flushIdle();
    const action = nextAction(this.ctx.db, this.broken);
    if (!action) return this.flushIdle();
    this.raiseCheckpointInterval();
    try {
      const size = this.chunkSize ?? this.adaptive;
      const t0 = performance.now();
      const before = action.processed;
      const r = runChunk(this.ctx, action.id, size);
      this.adapt(size, r.processed - before, performance.now() - t0);
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
   * and the machine, so the size follows what the last chunks took, halfway each time.
   */
  private adapt(size: number, done: number, ms: number): void {
    if (done < size || ms <= 0) return; // a short last chunk says little
    const ideal = Math.round((size * CHUNK_TARGET_MS) / ms);
    this.adaptive = Math.min(MAX_CHUNK, Math.max(1, Math.round((this.adaptive + ideal) / 2)));
  }

  private raiseCheckpointInterval(): void {
    if (this.savedAutocheckpoint !== null) return;
    this.savedAutocheckpoint = this.ctx.db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.ctx.db.pragma(`wal_autocheckpoint = ${BULK_AUTOCHECKPOINT}`);
  }

  private restoreCheckpointInterval(): void {
    if (this.savedAutocheckpoint === null) return;
    if (this.ctx.db.open) this.ctx.db.pragma(`wal_autocheckpoint = ${this.savedAutocheckpoint}`);
    this.savedAutocheckpoint = null;
  }

  private flushIdle(): void {
    this.restoreCheckpointInterval();
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
