// The core as the main thread sees it: the same Dispatcher (call, invoke) and events as createCore's,
// with the database work on threads of their own. The writer thread runs the whole core (every call
// that writes, the bulk runner, the schedulers); reader threads answer the channels the contract marks
// `reads: true` on read-only connections, so a list never waits behind a bulk chunk. The window's IPC
// (electron/main.ts) and the headless host both use this.
import type { ChannelResult, Envelope } from '../../../shared/contract.ts';
import { isChannelName, isReadChannel } from '../../../shared/contract.ts';
import type { Clock } from '../clock.ts';
import type { Dispatcher } from '../dispatcher.ts';
import { CoreEvents } from '../events.ts';
import { AppError } from '../errors.ts';
import { CoreThread, THREAD_LOST } from './coreThread.ts';
import type { FromWorker, WorkerStart } from './protocol.ts';
import { answerVaultRequest } from './vaultBridge.ts';
import type { CredentialVault } from '../sync/credentialVault.ts';

// Run from source (Node 24, vitest) the threads are .ts files beside this one; in the Electron build this
// code is bundled into out/main/main.js and the threads are out/main/writerWorker.js and readerWorker.js
// (electron.vite.config.ts).
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WRITER_FILE = new URL(FROM_SOURCE ? './writerWorker.ts' : './writerWorker.js', import.meta.url);
const READER_FILE = new URL(FROM_SOURCE ? './readerWorker.ts' : './readerWorker.js', import.meta.url);

/** The threads' names as the OS shows them (top -H, /proc/<pid>/task): the benchmark counts CPU time by them. */
export const WRITER_THREAD_NAME = 'kyrios-writer';
export const READER_THREAD_NAME = 'kyrios-reader';
/** Reader threads by default: a long export on one leaves the other for the lists. */
export const DEFAULT_READERS = 2;
/** Reader threads started again after one ended, at most (a reader that keeps ending is not restarted forever). */
const MAX_REPLACEMENTS = 20;
/** How long close() lets calls in flight finish before it closes the threads anyway. */
const DRAIN_MS = 10_000;
/** How long a thread may take to close (the writer finishes its bulk chunk in flight) before it is ended. */
const CLOSE_MS = 30_000;

export interface CoreProxyOptions {
  dataDir: string;
  /** An injected clock (tests, the benchmark): each call carries its time to the thread that answers it. */
  now?: Clock;
  /** Start the bulk runner and the purge timer (default true). */
  background?: boolean;
  /** The automatic daily backup, with the background work (default true). */
  automaticBackups?: boolean;
  /** Reader threads (default DEFAULT_READERS); 0 answers every call on the writer thread. */
  readers?: number;
  /** Team mode: keeps the hub's device credential with the OS (the app's safeStorage); used by the writer through vaultBridge.ts. */
  vault?: CredentialVault;
}

export interface CoreProxy {
  dispatcher: Dispatcher;
  /** The core's push events (bulkActions.progress, data.changed), forwarded from the writer thread. */
  events: CoreEvents;
  dataDir: string;
  /** Resolves when the writer's bulk runner has nothing left to run (scripts and tests). */
  idle(): Promise<void>;
  /** Answers the calls in flight, closes the readers' connections, then the writer's (its chunk in flight commits). */
  close(): Promise<void>;
  /** The threads as they are now: tests end one to see a crash answered. */
  threads(): { writer: CoreThread | null; readers: CoreThread[] };
}

/**
 * Starts the writer thread (it opens, migrates and brings the database up to the purge ledger), then
 * the readers, which open the migrated file read-only. Rejects with the writer's AppError when the
 * database cannot be opened (CORRUPT names the latest backup, as createCore's does).
 */
export async function startCoreProxy(opts: CoreProxyOptions): Promise<CoreProxy> {
  const events = new CoreEvents();
  const start = (): WorkerStart => ({
    dataDir: opts.dataDir,
    now: opts.now ? opts.now() : null,
    background: opts.background ?? true,
    automaticBackups: opts.automaticBackups ?? true,
    vault: opts.vault !== undefined,
  });
  let closing = false;
  let writer: CoreThread | null = null;
  /** The writer being started (at first, or again after it ended). */
  let writerStarting: Promise<CoreThread> | null = null;
  const readers: CoreThread[] = [];
  /** While a restore from backup swaps the file, reads go to the writer. */
  let readersPaused = false;
  let replacements = 0;

  function spawnWriter(): Promise<CoreThread> {
    const thread = new CoreThread(WRITER_FILE, start(), (msg) => onWriterMessage(thread, msg), (t) => {
      if (writer === t) writer = null;
      // A writer that ended mid-restore never says resume: the readers open whichever file is in place.
      if (readersPaused && !closing) void resumeReaders();
    }, WRITER_THREAD_NAME);
    writerStarting = thread.ready.then(
      () => {
        writerStarting = null;
        writer = thread;
        return thread;
      },
      (err: unknown) => {
        writerStarting = null;
        void thread.worker.terminate();
        throw err;
      },
    );
    return writerStarting;
  }

  function onWriterMessage(thread: CoreThread, msg: FromWorker): void {
    if (msg.type === 'event') {
      try {
        events.emit(msg.name, msg.payload as never);
      } catch (err) {
        console.error(`[kyrios] a ${msg.name} listener failed:`, err);
      }
    } else if (msg.type === 'vault') {
      answerVaultRequest(opts.vault, msg);
    } else if (msg.type === 'readers') {
      const done = msg.action === 'pause' ? pauseReaders() : resumeReaders();
      void done.then(() => thread.post({ type: 'readersDone', id: msg.id }));
    }
  }

  async function pauseReaders(): Promise<void> {
    readersPaused = true;
    await Promise.all(readers.map((r) => r.request('pause')));
  }

  async function resumeReaders(): Promise<void> {
    await Promise.all(readers.map((r) => r.request('resume')));
    readersPaused = false;
  }

  async function spawnReader(): Promise<void> {
    const thread = new CoreThread(READER_FILE, start(), () => {}, (t) => {
      const at = readers.indexOf(t);
      if (at < 0) return;
      readers.splice(at, 1);
      // A reader that ended is replaced (reads go to the writer meanwhile); one that failed to start is
      // not, nor one that keeps ending: the writer answers the reads then.
      if (!closing && replacements++ < MAX_REPLACEMENTS) void spawnReader();
    }, READER_THREAD_NAME);
    try {
      await thread.ready;
      if (closing) return void thread.close(CLOSE_MS);
      readers.push(thread);
      if (readersPaused) void thread.request('pause');
    } catch (err) {
      console.warn('[kyrios] a reader thread could not start; its reads go to the writer thread:', (err as Error).message);
      void thread.worker.terminate();
    }
  }

  /** The reader with the fewest calls waiting, or null (none ready, or a restore under way). */
  function pickReader(): CoreThread | null {
    if (readersPaused) return null;
    let best: CoreThread | null = null;
    for (const r of readers) if (r.alive && (!best || r.inFlight < best.inFlight)) best = r;
    return best;
  }

  async function call(channel: string, input: unknown): Promise<Envelope<unknown>> {
    if (closing) return { ok: false, error: { code: 'BUSY', message: 'Kyrios is closing. Try again once it has started again.' } };
    if (!isChannelName(channel)) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `There is no channel named ${String(channel).slice(0, 100)}.` } };
    }
    const now = opts.now?.();
    const reader = isReadChannel(channel) ? pickReader() : null;
    if (reader) return reader.call(channel, input, now);
    let thread = writer;
    if (!thread?.alive) {
      try {
        thread = await (writerStarting ?? spawnWriter());
      } catch (err) {
        return { ok: false, error: err instanceof AppError ? err.toShape() : THREAD_LOST };
      }
    }
    return thread.call(channel, input, now);
  }

  await spawnWriter();
  await Promise.all(Array.from({ length: opts.readers ?? DEFAULT_READERS }, () => spawnReader()));

  const dispatcher: Dispatcher = {
    call,
    invoke: <C extends Parameters<Dispatcher['invoke']>[0]>(channel: C, input: unknown) =>
      call(channel, input) as Promise<Envelope<ChannelResult<C>>>,
  };
  let closed: Promise<void> | null = null;
  return {
    dispatcher,
    events,
    dataDir: opts.dataDir,
    async idle() {
      const thread = writer ?? (await writerStarting?.catch(() => null));
      await thread?.request('idle');
    },
    close() {
      closed ??= (async () => {
        closing = true;
        const all = () => [...readers, ...(writer ? [writer] : [])];
        const drainUntil = Date.now() + DRAIN_MS;
        while (all().some((t) => t.inFlight > 0) && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 10));
        // Readers first: the writer's connection is then the last one, and its close removes the WAL.
        await Promise.all(readers.map((r) => r.close(CLOSE_MS)));
        const w = writer ?? (await writerStarting?.catch(() => null));
        await w?.close(CLOSE_MS);
      })();
      return closed;
    },
    threads: () => ({ writer, readers: [...readers] }),
  };
}
