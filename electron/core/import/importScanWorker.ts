// Reads an uploaded CSV (base64 check, UTF-8 decode, delimiter detection, parsing, row validation) on
// a thread of its own: on the thread that answers calls, a file of 2,000,000 one-character rows froze
// every call for 13 s. Posts { ok: true, result } or { ok: false, error: { code, message } }.
import { parentPort, workerData } from 'node:worker_threads';
import { toAppError } from '../errors.ts';
import { scanUpload, type ScanRequest } from './scanUpload.ts';

const port = parentPort;
if (!port) throw new Error('importScanWorker.ts runs only as a worker thread');
try {
  port.postMessage({ ok: true, result: scanUpload(workerData as ScanRequest) });
} catch (err) {
  const error = toAppError(err);
  port.postMessage({ ok: false, error: { code: error.code, message: error.message } });
}
