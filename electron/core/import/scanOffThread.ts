import { isMainThread, Worker } from 'node:worker_threads';
import type { AppErrorShape, ImportPreview } from '../../../shared/contract.ts';
import { AppError } from '../errors.ts';
import { scanUpload, type ScanPurpose, type ScanRequest, type StartScan } from './scanUpload.ts';

// Run from source (Node 24, vitest) the worker is a .ts file beside this one; in the Electron build this code is
// bundled into out/main/main.js and the worker is out/main/importScanWorker.js (electron.vite.config.ts).
const WORKER_FILE = import.meta.url.endsWith('.ts') ? './importScanWorker.ts' : './importScanWorker.js';

/**
 * The worker's heap. A 50 MB file needs ~300 MB at most (its decoded text and one payload per row);
 * past this the worker stops and the file is refused, instead of the app's own heap running out.
 */
export const SCAN_WORKER_LIMITS = { maxOldGenerationSizeMb: 768, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 };

const tooBigToRead = () =>
  new AppError('TOO_LARGE', 'This file needs more memory to read than an import may use. Split it into smaller files and import them one by one.');

type Reply = { ok: true; result: ImportPreview | StartScan } | { ok: false; error: Pick<AppErrorShape, 'code' | 'message'> };

/** What the worker is told at its start; the base64 text follows in `parts` messages. */
export interface ScanJob {
  request: ScanPurpose;
  parts: number;
}

/**
 * The file goes to the worker in parts of this many base64 characters, one per turn of the event loop:
 * copying 70 MB to the worker in one message held this thread 30 ms, a part takes ~2 ms.
 */
const PART_CHARS = 4 * 1024 * 1024;

/** For tests: another worker file (one that does not exist, as in a broken package), other limits. */
export interface ScanOptions {
  workerUrl?: URL;
  resourceLimits?: typeof SCAN_WORKER_LIMITS;
}

export function scanOffThread(request: ScanRequest & { purpose: 'preview' }, options?: ScanOptions): Promise<ImportPreview>;
export function scanOffThread(request: ScanRequest & { purpose: 'start' }, options?: ScanOptions): Promise<StartScan>;
/**
 * scanUpload on a worker thread with a memory limit, so a hostile file neither blocks the calls of
 * the app nor exhausts its heap. If the worker cannot start (its file missing from a package), the
 * file is read on this thread instead, still within the row cap: an import never fails for that.
 */
export function scanOffThread(request: ScanRequest, options: ScanOptions = {}): Promise<ImportPreview | StartScan> {
  const onThisThread = (why: unknown) => {
    console.warn('[kyrios] CSV read on the main thread:', why instanceof Error ? why.message : why);
    return scanUpload(request);
  };
  // On one of the core's own threads (worker/, the app's case) the read already runs off the window's
  // thread: no thread of its own is started from there (a worker nested in a core thread crashed the
  // process once in a full e2e run, with a segmentation fault we could not reproduce alone).
  if (!isMainThread && !options.workerUrl) return Promise.resolve().then(() => scanUpload(request));
  return new Promise((resolve, reject) => {
    let ended = false;
    let reply: Reply | null = null;
    let failure: (Error & { code?: string }) | null = null;
    const itemSlices: string[] = [];
    let worker: Worker;
    try {
      const { contentBase64, ...purpose } = request;
      const parts = Math.max(1, Math.ceil(contentBase64.length / PART_CHARS));
      worker = new Worker(options.workerUrl ?? new URL(WORKER_FILE, import.meta.url), {
        workerData: { request: purpose as ScanPurpose, parts } satisfies ScanJob,
        resourceLimits: options.resourceLimits ?? SCAN_WORKER_LIMITS,
      });
      const send = (part: number) => {
        if (part >= parts || ended) return;
        worker.postMessage(contentBase64.slice(part * PART_CHARS, (part + 1) * PART_CHARS));
        setImmediate(send, part + 1);
      };
      send(0);
    } catch (err) {
      settle(() => onThisThread(err));
      return;
    }
    function settle(get: () => ImportPreview | StartScan) {
      try {
        resolve(get());
      } catch (err) {
        reject(err);
      }
    }
    // Slices of items come one message each, so no single message takes long to receive here.
    worker.on('message', (m: Reply | { slice: string }) => {
      if ('slice' in m) itemSlices.push(m.slice);
      else reply = m;
    });
    worker.once('error', (err) => (failure = err));
    worker.once('exit', () =>
      settle(() => {
        ended = true;
        if (reply?.ok) return 'itemSlices' in reply.result ? { ...reply.result, itemSlices } : reply.result;
        if (reply) throw new AppError(reply.error.code, reply.error.message);
        if (failure?.code === 'ERR_WORKER_OUT_OF_MEMORY') throw tooBigToRead();
        return onThisThread(failure ?? 'the worker ended without an answer');
      }),
    );
  });
}
