// The writer thread: today's whole core (createCore: the dispatcher, the bulk runner, the purge and
// backup timers, the one read-write connection), off the thread that serves the window and IPC.
// It answers the calls that write, forwards the core's push events, and asks the main thread to
// close the readers' connections around a restore from backup.
import { parentPort, workerData } from 'node:worker_threads';
import { createCore, type Core } from '../core.ts';
import { toAppError } from '../errors.ts';
import type { FromWorker, ToWorker, WorkerStart } from './protocol.ts';
import { threadClock } from './threadClock.ts';
import { bridgedVault } from './vaultBridge.ts';

const port = parentPort;
if (!port) throw new Error('writerWorker.ts runs only as a worker thread');
const start = workerData as WorkerStart;
const clock = threadClock(start.now);
const post = (msg: FromWorker) => port.postMessage(msg);

/** The main thread's answers to 'readers' requests, by request id. */
const readersAnswered = new Map<number, () => void>();
let nextRequest = 1;
function askReaders(action: 'pause' | 'resume'): Promise<void> {
  const id = nextRequest++;
  return new Promise((resolve) => {
    readersAnswered.set(id, resolve);
    post({ type: 'readers', id, action });
  });
}

let core: Core;
try {
  core = await createCore({
    dataDir: start.dataDir,
    now: clock.now,
    background: start.background,
    automaticBackups: start.automaticBackups,
    vault: start.vault ? bridgedVault(port) : undefined,
    // The restored file replaces the one the readers hold open: they let go of it first, and open the new one after.
    aroundReopen: { before: () => askReaders('pause'), after: () => void askReaders('resume') },
  });
} catch (err) {
  post({ type: 'failed', error: toAppError(err, 'opening the database').toShape() });
  port.close();
  process.exit(0);
}
core.events.onAny((name, payload) => post({ type: 'event', name, payload }));

port.on('message', (msg: ToWorker) => {
  switch (msg.type) {
    case 'call':
      clock.set(msg.now);
      void core.dispatcher.call(msg.channel, msg.input).then((envelope) => post({ type: 'answer', id: msg.id, envelope }));
      return;
    case 'idle':
      void core.runner.idle().then(() => post({ type: 'done', id: msg.id }));
      return;
    case 'readersDone':
      readersAnswered.get(msg.id)?.();
      readersAnswered.delete(msg.id);
      return;
    case 'close':
      // The bulk chunk in flight commits, timers stop, the connection closes (its close removes the WAL).
      void core
        .close()
        .catch((err: unknown) => console.error('[kyrios] closing the core failed:', err))
        .finally(() => {
          post({ type: 'done', id: msg.id });
          port.close();
        });
      return;
    default:
      return;
  }
});
post({ type: 'ready' });
