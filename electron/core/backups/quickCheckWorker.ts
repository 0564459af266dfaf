// quick_check of a backup file on a thread of its own: it reads the whole file (2 s for 900 MB), and
// on the main thread every call of the app waited that long, once a day. Posts the verdict: 'ok', or
// what is wrong (the first three problems), or why the file could not be opened.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const port = parentPort;
if (!port) throw new Error('quickCheckWorker.ts runs only as a worker thread');
const { file } = workerData as { file: string };
port.postMessage(quickCheckSync(file));

function quickCheckSync(path: string): string {
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { fileMustExist: true });
    const rows = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    return rows
      .map((r) => r.quick_check)
      .slice(0, 3)
      .join('; ');
  } catch (err) {
    return (err as Error).message;
  } finally {
    db?.close(); // a read-write open, so closing removes the -wal and -shm it made
  }
}
