import type { CoreContext } from '../context.ts';
import { DEFAULT_CHUNK_SIZE, markFailed, nextAction, runChunk } from './runChunk.ts';

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
  readonly chunkSize: number;
  private started = false;
  private scheduled: NodeJS.Immediate | null = null;
  private idleWaiters: (() => void)[] = [];
  /** Actions that could not even be marked failed (e.g. a full disk): left alone until the next start. */
  private broken = new Set<string>();

  constructor(ctx: CoreContext, opts: { chunkSize?: number } = {}) {
    this.ctx = ctx;
    this.chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
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
    try {
      runChunk(this.ctx, action.id, this.chunkSize);
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

  private flushIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
