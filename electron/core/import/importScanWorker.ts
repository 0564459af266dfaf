// Reads an uploaded CSV (base64 check, UTF-8 decode, delimiter detection, parsing, row validation) on
// a thread of its own: on the thread that answers calls, a file of 2,000,000 one-character rows froze
// every call for 13 s. The protocol (scanOffThread.ts): workerData says what to read and in how many
// parts the base64 text comes; each part arrives as a message. The answer is each slice of items as
// a { slice } message, then { ok: true, result } or { ok: false, error: { code, message } }.
import { parentPort, workerData } from 'node:worker_threads';
import { toAppError } from '../errors.ts';
import { decodeBase64Strict, scanBytes, type StartScan } from './scanUpload.ts';
import type { ScanJob } from './scanOffThread.ts';

const port = parentPort;
if (!port) throw new Error('importScanWorker.ts runs only as a worker thread');
const job = workerData as ScanJob;
// Each part is decoded as it comes (its text dropped at once): a 50 MB file never sits here as base64 whole.
let decoded: Buffer[] = [];
let failed: unknown = null;
port.on('message', function receive(part: string) {
  try {
    if (failed === null) decoded.push(decodeBase64Strict(part, decoded.length === job.parts - 1));
  } catch (err) {
    failed = err;
  }
  if (decoded.length < job.parts && failed === null) return;
  // Nothing more to receive: without a listener the thread ends once its answer is sent.
  port.off('message', receive);
  try {
    if (failed !== null) throw failed;
    const bytes = Buffer.concat(decoded);
    decoded = [];
    const result = scanBytes(bytes, job.request);
    if ('itemSlices' in result) {
      for (const slice of result.itemSlices) port.postMessage({ slice });
      port.postMessage({ ok: true, result: { ...result, itemSlices: [] } satisfies StartScan });
    } else port.postMessage({ ok: true, result });
  } catch (err) {
    const error = toAppError(err);
    port.postMessage({ ok: false, error: { code: error.code, message: error.message } });
  }
});
