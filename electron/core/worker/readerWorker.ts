// A reader thread: a read-only connection to the database, answering the channels the contract marks
// `reads: true`, so a list or a search never waits behind a bulk chunk on the writer thread.
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { DB_FILE_NAME } from '../core.ts';
import { toAppError } from '../errors.ts';
import type { FromWorker, ToWorker, WorkerStart } from './protocol.ts';
import { createReaderCore, openReadOnly } from './readerCore.ts';
import { threadClock } from './threadClock.ts';

const port = parentPort;
if (!port) throw new Error('readerWorker.ts runs only as a worker thread');
const start = workerData as WorkerStart;
const clock = threadClock(start.now);
const file = path.join(start.dataDir, DB_FILE_NAME);
const post = (msg: FromWorker) => port.postMessage(msg);

let reader;
try {
  reader = createReaderCore(openReadOnly(file), { now: clock.now, dataDir: start.dataDir });
} catch (err) {
  post({ type: 'failed', error: toAppError(err, 'opening the database to read').toShape() });
  port.close();
  process.exit(0);
}
const { ctx, dispatcher } = reader;

/** Calls not yet answered: a read that works in slices (a preview of thousands) may still need the connection. */
let inFlight = 0;
let settled: (() => void) | null = null;
const allAnswered = () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (settled = resolve)));

port.on('message', (msg: ToWorker) => {
  switch (msg.type) {
    case 'call':
      clock.set(msg.now);
      inFlight++;
      void dispatcher.call(msg.channel, msg.input).then((envelope) => {
        post({ type: 'answer', id: msg.id, envelope });
        if (--inFlight === 0) settled?.();
      });
      return;
    case 'pause':
      // A restore from backup renames another file over this one: the connection lets go of it first,
      // once the reads already under way have answered (the proxy sends no new ones meanwhile).
      void allAnswered().then(() => {
        if (ctx.db.open) ctx.db.close();
        post({ type: 'done', id: msg.id });
      });
      return;
    case 'resume':
      try {
        if (!ctx.db.open) ctx.db = openReadOnly(file);
        post({ type: 'done', id: msg.id });
      } catch (err) {
        // Ended, so the proxy answers reads on the writer meanwhile and starts another reader.
        console.error('[kyrios] a reader could not reopen the database:', (err as Error).message);
        post({ type: 'done', id: msg.id });
        process.exit(1);
      }
      return;
    case 'close':
      if (ctx.db.open) ctx.db.close();
      post({ type: 'done', id: msg.id });
      port.close();
      return;
    default:
      return;
  }
});
post({ type: 'ready' });
