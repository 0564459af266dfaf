// quick_check of a backup file on a thread of its own: it reads the whole file (2 s for 900 MB), and
// on the main thread every call of the app waited that long, once a day. Posts the verdict: 'ok', or
// what is wrong, or why the file could not be opened.
import { parentPort, workerData } from 'node:worker_threads';
import { quickCheckSync } from './quickCheckSync.ts';

const port = parentPort;
if (!port) throw new Error('quickCheckWorker.ts runs only as a worker thread');
port.postMessage(quickCheckSync((workerData as { file: string }).file));
