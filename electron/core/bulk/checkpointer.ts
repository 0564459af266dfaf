import { Worker } from 'node:worker_threads';

// Run from source (Node 24, vitest) the worker is a .ts file beside this one; in the Electron build this code is
// bundled into out/main/main.js and the worker is out/main/checkpointWorker.js (electron.vite.config.ts).
const WORKER_FILE = import.meta.url.endsWith('.ts') ? './checkpointWorker.ts' : './checkpointWorker.js';

/** The worker's thread name as the OS shows it (the benchmark counts the bulk action's CPU time by it). */
export const CHECKPOINT_THREAD_NAME = 'kyrios-checkpt';
/** How often the worker looks at the WAL's length while a bulk action runs (one 104-byte read of the -shm file). */
export const CHECKPOINT_EVERY_MS = 100;
/**
 * WAL pages the worker may leave uncopied before the runner waits for it (256 MB at 4 KB pages): chunks
 * come back to back, so without a pause the WAL is never fully copied and never starts over (460 MB
 * for a 10,000-contact delete).
 *
 * Not larger: at 200,000 pages (the size of the 100,000-contact benchmark's database) the worker
 * copied ~20% fewer pages and a delete or restore run alone took ~10% less CPU, but a delete run while
 * the list and a search were called every 10 ms took 21.7-27 s instead of 14.9 (the writer's CPU
 * 18-19.6 s instead of 12.7; 3 Dec 2026). Readers that keep the WAL from starting over let it grow past
 * the limit, and every page read then searches a longer WAL-index.
 */
export const WAL_LIMIT_PAGES = 64000;
/**
 * The worker copies the WAL back only once this many of its pages are uncopied, while the runner goes
 * on writing; at WAL_LIMIT_PAGES it copies the rest while the runner waits, and the WAL starts over.
 * A checkpoint copies each page once however many chunks rewrote it since the last one, and every
 * chunk rewrites pages of the contacts' indexes by name, email, company and dates (a chunk's contacts
 * lie all over them). Copying every 300 ms copied about every page each chunk wrote: 420,000-450,000
 * pages for a 50,000-contact delete or restore at 100,000 contacts (the raw SQL's single transaction:
 * 205,000), 3.4 s of the worker's CPU, almost all in system calls. Copying at 48,000 pages: 295,000-
 * 317,000 pages, 2.0 s (tests/bench/README.md, 3 Dec 2026).
 */
export const COPY_AT_PAGES = 48000;
/** After a run, how long the worker waits before giving the WAL file's space back (a run may follow soon). */
export const TRUNCATE_AFTER_MS = 30_000;
/** The longest the runner waits for the worker to catch up before it runs the next chunk anyway. */
const MAX_WAIT_MS = 2000;
/** How long close() waits for the worker to close its connection before terminating it. */
const CLOSE_TIMEOUT_MS = 2000;

export interface CheckpointerHooks {
  /** The worker's connection is open and it checkpoints from now on: the main connection may stop auto-checkpointing. */
  onReady(): void;
  /** The worker could not start or died: the main connection must checkpoint by itself again. */
  onLost(): void;
  /** The runner may run chunks again (the worker caught up, gave up waiting, or is gone). */
  onCaughtUp(): void;
}

/**
 * Runs WAL checkpoints on a worker thread with its own connection while the bulk runner is busy, so
 * a chunk's commit never includes a checkpoint (75-100 ms of the event loop instead of ~20 ms).
 * PASSIVE checkpoints never block the writer or readers.
 *
 * Best effort: if the worker cannot start (no worker file in a bundle, no type stripping) or dies,
 * onLost() is called and this checkpointer stays off until close(); the runner then keeps
 * checkpointing on its own connection. A bulk action never fails because of the checkpointer.
 */
export class Checkpointer {
  private worker: Worker | null = null;
  private file: string | null = null;
  private ready = false;
  private busy = false;
  /** Set after a failed start or a crash: no new worker until close(). */
  private unavailable = false;
  private behindTimer: NodeJS.Timeout | null = null;
  private readonly hooks: CheckpointerHooks;
  private readonly everyMs: number;
  private readonly copyAtPages: number;
  private readonly limitPages: number;
  private readonly truncateAfterMs: number;

  constructor(
    hooks: CheckpointerHooks,
    opts: { everyMs?: number; copyAtPages?: number; limitPages?: number; truncateAfterMs?: number } = {},
  ) {
    this.hooks = hooks;
    this.everyMs = opts.everyMs ?? CHECKPOINT_EVERY_MS;
    this.copyAtPages = opts.copyAtPages ?? COPY_AT_PAGES;
    this.limitPages = opts.limitPages ?? WAL_LIMIT_PAGES;
    this.truncateAfterMs = opts.truncateAfterMs ?? TRUNCATE_AFTER_MS;
  }

  /** True while the worker checkpoints for the runner. */
  get active(): boolean {
    return this.ready && this.busy;
  }

  /** The worker has not copied the WAL back for a while: the runner waits for onCaughtUp() before its next chunk. */
  get behind(): boolean {
    return this.behindTimer !== null;
  }

  /**
   * Starts the worker for `file` ahead of the first action: it takes ~0.5 s to load, and until it is
   * ready the main connection checkpoints by itself.
   */
  prepare(file: string): void {
    if (this.unavailable || file === '' || file === ':memory:') return;
    if (this.worker && this.file !== file) void this.close(); // the database was reopened elsewhere
    if (!this.worker) this.spawn(file);
  }

  /** The runner has work: checkpoint `file` every everyMs (starting the worker if needed). */
  markBusy(file: string): void {
    this.busy = true;
    this.prepare(file);
    if (this.ready) {
      this.worker?.postMessage('busy');
      this.hooks.onReady();
    }
  }

  /** The runner went idle: one last checkpoint, then the worker waits (and later truncates the WAL file). */
  markIdle(): void {
    this.busy = false;
    if (this.ready) this.worker?.postMessage('idle');
  }

  /** Closes the worker's connection and ends the thread (before the main connection closes). */
  async close(): Promise<void> {
    this.caughtUp();
    this.busy = false;
    this.unavailable = false;
    const worker = this.worker;
    this.worker = null;
    this.file = null;
    this.ready = false;
    if (!worker) return;
    // Held referenced while closing: an unreferenced worker's exit would not keep the caller's await alive.
    worker.ref();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), CLOSE_TIMEOUT_MS);
    });
    worker.postMessage('close');
    const result = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') await worker.terminate();
  }

  private spawn(file: string): void {
    let worker: Worker;
    try {
      worker = new Worker(new URL(WORKER_FILE, import.meta.url), {
        workerData: {
          file,
          everyMs: this.everyMs,
          limitPages: this.limitPages,
          copyAtPages: this.copyAtPages,
          truncateAfterMs: this.truncateAfterMs,
        },
        name: CHECKPOINT_THREAD_NAME,
      });
    } catch (err) {
      this.fail(err);
      return;
    }
    worker.unref(); // never keeps the process alive
    this.worker = worker;
    this.file = file;
    worker.on('message', (msg: unknown) => {
      if (this.worker !== worker) return;
      if (msg === 'behind' && !this.behindTimer) {
        this.behindTimer = setTimeout(() => this.caughtUp(), MAX_WAIT_MS);
        this.behindTimer.unref();
        // Messages are handled between chunks (a chunk is synchronous): the runner writes no more
        // until caught-up (BulkRunner.turn checks `behind`), so the worker can copy every frame.
        worker.postMessage('waiting');
      }
      if (msg === 'caught-up') this.caughtUp();
      if (msg !== 'ready') return;
      this.ready = true;
      if (!this.busy) return;
      worker.postMessage('busy');
      this.hooks.onReady();
    });
    worker.on('error', (err) => {
      if (this.worker === worker) this.fail(err);
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.fail(new Error('checkpoint worker exited'));
    });
  }

  private caughtUp(): void {
    if (!this.behindTimer) return;
    clearTimeout(this.behindTimer);
    this.behindTimer = null;
    this.hooks.onCaughtUp();
  }

  private fail(err: unknown): void {
    this.caughtUp();
    const wasActive = this.active;
    const worker = this.worker;
    this.worker = null;
    this.file = null;
    this.ready = false;
    this.unavailable = true;
    if (worker) void worker.terminate();
    console.warn('[kyrios] WAL checkpoints stay on the main thread:', err instanceof Error ? err.message : err);
    if (wasActive || this.busy) this.hooks.onLost();
  }
}
