// The checkpointer's thread: its own connection to the database file, copying WAL pages back into
// the file while a bulk action runs, so the main thread's commits never pay for a checkpoint.
// Messages from the main thread: 'busy' (checkpoint every everyMs), 'idle' (one last checkpoint,
// then wait), 'close' (close the connection; the thread then ends). It posts 'ready' once its
// connection is open, 'behind' when the WAL holds more than limitPages (it then checkpoints again at
// once), and 'caught-up' when it has copied all of it (the next write then starts the WAL over from
// its beginning, so the file stops growing).
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

interface CheckpointWorkerData {
  file: string;
  everyMs: number;
  limitPages: number;
}

const port = parentPort;
if (!port) throw new Error('checkpointWorker.ts runs only as a worker thread');
const { file, everyMs, limitPages } = workerData as CheckpointWorkerData;

const db = new Database(file, { fileMustExist: true });
// PASSIVE never waits for a lock: a checkpoint that meets the writer or a reader copies what it can.
db.pragma('busy_timeout = 0');
let timer: NodeJS.Timeout | null = null;
let behind = false;
/** The WAL's length at the last checkpoint. */
let lastLog = -1;
let again: NodeJS.Immediate | null = null;

interface CheckpointRow {
  busy: number;
  log: number;
  checkpointed: number;
}

function checkpoint(): void {
  again = null;
  let row: CheckpointRow | undefined;
  try {
    row = (db.pragma('wal_checkpoint(PASSIVE)') as CheckpointRow[])[0];
  } catch {
    // A busy or failed checkpoint is retried on the next tick; the main connection's WAL stays valid.
  }
  if (!row) return;
  if (row.log <= limitPages) {
    if (behind) port?.postMessage('caught-up');
    behind = false;
    return;
  }
  // The WAL starts over only when a write begins with every frame copied, which back-to-back chunks
  // never allow: ask the runner to wait, copy the rest, then let it go on.
  // A checkpoint reports the WAL as it was when it began: only a second one that finds no new frame
  // proves the runner has stopped writing and every frame is copied.
  const settled = row.log === lastLog && row.checkpointed === row.log;
  lastLog = row.log;
  if (!behind) {
    behind = true;
    port?.postMessage('behind');
  } else if (settled) {
    behind = false;
    port?.postMessage('caught-up');
    return;
  }
  if (timer) again = setImmediate(checkpoint);
}

port.on('message', (msg: unknown) => {
  if (msg === 'busy') {
    timer ??= setInterval(checkpoint, everyMs);
  } else if (msg === 'idle') {
    if (timer) clearInterval(timer);
    timer = null;
    checkpoint();
    if (behind) port?.postMessage('caught-up');
    behind = false;
  } else if (msg === 'close') {
    if (timer) clearInterval(timer);
    if (again) clearImmediate(again);
    timer = null;
    db.close();
    port.close();
  }
});
port.postMessage('ready');
