import { Worker } from 'node:worker_threads';
import type { AppErrorShape, ImportPreview } from '../../../shared/contract.ts';
import { AppError } from '../errors.ts';
import { scanUpload, type ScanRequest, type StartScan } from './scanUpload.ts';

// Run from source (Node 24, vitest) the worker is a .ts file beside this one; in the Electron build this code is
// bundled into out/main/main.js and the worker is out/main/importScanWorker.js (electron.vite.config.ts).
const WORKER_FILE = import.meta.url.endsWith('.ts') ? './importScanWorker.ts' : './importScanWorker.js';

/**
 * The worker's heap. A 50 MB file at the row cap needs ~350 MB (the base64 text, the decoded text and
 * one payload per row); past this the worker stops and the file is refused, instead of the app's
 * own heap running out.
 */
export const SCAN_WORKER_LIMITS = { maxOldGenerationSizeMb: 768, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 };

const tooBigToRead = () =>
  new AppError('TOO_LARGE', 'This file needs more memory to read than an import may use. Split it into smaller files and import them one by one.');

type Reply = { ok: true; result: ImportPreview | StartScan } | { ok: false; error: Pick<AppErrorShape, 'code' | 'message'> };

export function scanOffThread(request: ScanRequest & { purpose: 'preview' }): Promise<ImportPreview>;
export function scanOffThread(request: ScanRequest & { purpose: 'start' }): Promise<StartScan>;
/**
 * scanUpload on a worker thread with a memory limit, so a hostile file neither blocks the calls of
 * the app nor exhausts its heap. If the worker cannot start (its file missing from a package), the
 * file is read on this thread instead, still within the row cap: an import never fails for that.
 */
export function scanOffThread(request: ScanRequest): Promise<ImportPreview | StartScan> {
  const onThisThread = (why: unknown) => {
    console.warn('[kyrios] CSV read on the main thread:', why instanceof Error ? why.message : why);
    return scanUpload(request);
  };
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL(WORKER_FILE, import.meta.url), { workerData: request, resourceLimits: SCAN_WORKER_LIMITS });
    } catch (err) {
      settle(() => onThisThread(err));
      return;
    }
    let reply: Reply | null = null;
    let failure: (Error & { code?: string }) | null = null;
    function settle(get: () => ImportPreview | StartScan) {
      try {
        resolve(get());
      } catch (err) {
        reject(err);
      }
    }
    worker.once('message', (m: Reply) => (reply = m));
    worker.once('error', (err) => (failure = err));
    worker.once('exit', () =>
      settle(() => {
        if (reply?.ok) return reply.result;
        if (reply) throw new AppError(reply.error.code, reply.error.message);
        if (failure?.code === 'ERR_WORKER_OUT_OF_MEMORY') throw tooBigToRead();
        return onThisThread(failure ?? 'the worker ended without an answer');
      }),
    );
  });
}
