// The checkpointer's thread: its own connection to the database file, copying WAL pages back into
// the file while a bulk action runs, so the main thread's commits never pay for a checkpoint.
// Messages from the main thread: 'busy' (every everyMs, checkpoint once copyAtPages of the WAL are
// uncopied, or it holds more than limitPages), 'waiting' (the runner stopped writing after 'behind'),
// 'idle' (one last checkpoint, then wait; truncate the WAL file after truncateAfterMs if no run came),
// 'close' (close the connection; the thread then ends). It
// posts 'ready' once its connection is open, 'behind' when the WAL holds more than limitPages, and
// 'caught-up' once the runner waits and every frame is copied (the next write then starts the WAL
// over from its beginning, so the file stops growing).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

interface CheckpointWorkerData {
  file: string;
  everyMs: number;
  limitPages: number;
  copyAtPages: number;
  truncateAfterMs: number;
}

const port = parentPort;
if (!port) throw new Error('checkpointWorker.ts runs only as a worker thread');
const { file, everyMs, limitPages, copyAtPages, truncateAfterMs } = workerData as CheckpointWorkerData;

/**
 * The WAL's length and how much of it is copied, read from the WAL-index (the -shm file SQLite keeps
 * beside a WAL database; https://www.sqlite.org/walformat.html): mxFrame, the last valid frame, at byte
 * 16 of its header, and nBackfill, the frames already copied, at byte 96, in the machine's byte order.
 * A read costs no lock and no checkpoint. Null when it cannot be read (the worker then checkpoints on
 * every tick); a value torn by a concurrent commit only moves one checkpoint by a tick.
 */
const shmHeader = Buffer.alloc(100);
let shm: number | null = null;
function walState(): { frames: number; uncopied: number } | null {
  try {
    shm ??= fs.openSync(`${file}-shm`, 'r');
    if (fs.readSync(shm, shmHeader, 0, 100, 0) < 100) return null;
  } catch {
    return null;
  }
  const le = os.endianness() === 'LE';
  const frames = le ? shmHeader.readUInt32LE(16) : shmHeader.readUInt32BE(16);
  const copied = le ? shmHeader.readUInt32LE(96) : shmHeader.readUInt32BE(96);
  return { frames, uncopied: Math.max(0, frames - copied) };
}

const db = new Database(file, { fileMustExist: true });
// PASSIVE never waits for a lock: a checkpoint that meets the writer or a reader copies what it can.
db.pragma('busy_timeout = 0');
let timer: NodeJS.Timeout | null = null;
let truncateTimer: NodeJS.Timeout | null = null;

/**
 * Gives the WAL file's space back once the app has been idle a while: a large run leaves it at up to
 * limitPages (256 MB) or more, which SQLite otherwise keeps until the app closes. TRUNCATE never waits
 * here (busy_timeout 0): if a reader or a writer holds the WAL, the file stays as it is.
 */
function truncateLater(): void {
  if (truncateTimer) clearTimeout(truncateTimer);
  truncateTimer = setTimeout(() => {
    truncateTimer = null;
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Busy: the next run and its idle try again.
    }
  }, truncateAfterMs);
}
/** Asked the runner to stop writing, until every frame is copied. */
let behind = false;
let again: NodeJS.Timeout | null = null;
/** How long to wait before trying again when a reader kept the last frames from being copied. */
const RETRY_MS = 5;

interface CheckpointRow {
  busy: number;
  log: number;
  checkpointed: number;
}

function checkpoint(): CheckpointRow | undefined {
  try {
    return (db.pragma('wal_checkpoint(PASSIVE)') as CheckpointRow[])[0];
  } catch {
    // A busy or failed checkpoint is retried on the next tick; the main connection's WAL stays valid.
    return undefined;
  }
}

/**
 * While the runner writes: copy the WAL back only once copyAtPages of it are uncopied (a page rewritten
 * by several chunks meanwhile is copied once). Over limitPages, ask the runner to stop writing: the WAL
 * starts over only when a write begins with every frame copied, which back-to-back chunks never allow.
 */
function tick(): void {
  if (behind) return; // the runner is stopping, or stopped: catchUp() does the copying
  const wal = walState();
  // Every frame copied: the runner's next write starts the WAL over (checkpointing again meanwhile
  // could hold the WAL-index's locks just then, and the WAL went on growing).
  if (wal && (wal.uncopied === 0 || (wal.uncopied < copyAtPages && wal.frames <= limitPages))) return;
  const row = checkpoint();
  if (row && row.log > limitPages) {
    behind = true;
    port?.postMessage('behind');
  }
}

/**
 * The runner has stopped writing ('waiting'): copy the rest, then let it go on. Only now is every frame
 * copied when its next write begins (a caught-up sent while a chunk was still being written never let
 * the WAL start over: 64,000 pages grew to 220,000).
 */
function catchUp(): void {
  again = null;
  const row = checkpoint();
  if (row && row.checkpointed === row.log) {
    behind = false;
    port?.postMessage('caught-up');
    return;
  }
  again = setTimeout(catchUp, RETRY_MS);
}

port.on('message', (msg: unknown) => {
  if (msg === 'busy') {
    if (truncateTimer) clearTimeout(truncateTimer);
    truncateTimer = null;
    timer ??= setInterval(tick, everyMs);
  } else if (msg === 'waiting') {
    if (behind && !again) catchUp();
  } else if (msg === 'idle') {
    if (timer) clearInterval(timer);
    if (again) clearTimeout(again);
    timer = null;
    again = null;
    checkpoint();
    if (behind) port?.postMessage('caught-up');
    behind = false;
    truncateLater();
  } else if (msg === 'close') {
    if (timer) clearInterval(timer);
    if (truncateTimer) clearTimeout(truncateTimer);
    if (again) clearTimeout(again);
    timer = null;
    if (shm !== null) fs.closeSync(shm);
    db.close();
    port.close();
  }
});
port.postMessage('ready');
