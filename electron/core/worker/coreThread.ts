import { Worker } from 'node:worker_threads';
import type { AppErrorShape, Envelope } from '../../../shared/contract.ts';
import { AppError } from '../errors.ts';
import type { FromWorker, ToWorker, WorkerStart } from './protocol.ts';

/** What a call answers when its thread ended before answering: it may or may not have been done. */
export const THREAD_LOST: AppErrorShape = {
  code: 'INTERNAL',
  message:
    "Kyrios's database thread stopped unexpectedly before it answered, so this may not have been done. Look whether it was, then try again; if it happens again, restart Kyrios.",
};

type Request = Exclude<ToWorker, { type: 'call' } | { type: 'readersDone' }>['type'];

/**
 * One core thread as the main thread sees it: its start, its calls in flight and their answers.
 * When the thread ends (a crash, a failed start, close) every call still waiting is answered with
 * THREAD_LOST and every request resolves: nothing waits for a thread that is gone.
 */
export class CoreThread {
  readonly worker: Worker;
  /** Resolves once the thread's connection is open; rejects with the AppError it failed with. */
  readonly ready: Promise<void>;
  private readonly pending = new Map<number, (msg: FromWorker | null) => void>();
  /** The ids of the calls (not requests) waiting for an answer. */
  private readonly calls = new Set<number>();
  private nextId = 1;
  private ended = false;

  constructor(
    file: URL,
    start: WorkerStart,
    onMessage: (msg: FromWorker) => void,
    onExit: (thread: CoreThread) => void,
    /** The thread's name as the OS shows it (at most 15 characters): the benchmark counts CPU time per thread by it. */
    name?: string,
  ) {
    this.worker = new Worker(file, { workerData: start, ...(name ? { name } : {}) });
    let settle: (err: AppError | null) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      settle = (err) => (err ? reject(err) : resolve());
    });
    this.ready.catch(() => {}); // a failed start is reported to whoever awaits it, never as unhandled
    this.worker.on('message', (msg: FromWorker) => {
      if (msg.type === 'ready') settle(null);
      else if (msg.type === 'failed') settle(new AppError(msg.error.code, msg.error.message, extraOf(msg.error)));
      else if (msg.type === 'answer' || msg.type === 'done') this.answer(msg.id, msg);
      else onMessage(msg);
    });
    this.worker.on('error', (err) => {
      console.error('[kyrios] a core thread failed:', err);
    });
    this.worker.on('exit', () => {
      this.ended = true;
      settle(new AppError('INTERNAL', 'Kyrios could not start its database thread. Restart Kyrios; if it happens again, report it.'));
      for (const [id] of this.pending) this.answer(id, null);
      onExit(this);
    });
  }

  /** Calls waiting for an answer: the proxy sends reads to the reader with the fewest. */
  get inFlight(): number {
    return this.calls.size;
  }

  get alive(): boolean {
    return !this.ended;
  }

  call(channel: string, input: unknown, now: number | undefined): Promise<Envelope<unknown>> {
    if (this.ended) return Promise.resolve({ ok: false, error: THREAD_LOST });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.calls.add(id);
      this.pending.set(id, (msg) => resolve(msg?.type === 'answer' ? msg.envelope : { ok: false, error: THREAD_LOST }));
      try {
        this.worker.postMessage({ type: 'call', id, channel, input, now } satisfies ToWorker);
      } catch (err) {
        // Input that structured clone cannot carry (a function, a symbol) never reaches the core.
        this.pending.delete(id);
        this.calls.delete(id);
        resolve({ ok: false, error: { code: 'VALIDATION', message: `Invalid input: it cannot be sent to Kyrios (${(err as Error).message}).` } });
      }
    });
  }

  /** Sends a request (idle, pause, resume, close) and resolves when it is done or the thread has ended. */
  request(type: Request): Promise<void> {
    if (this.ended) return Promise.resolve();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, () => resolve());
      this.worker.postMessage({ type, id } as ToWorker);
    });
  }

  /** Answers the writer's request `id` (readersDone). */
  post(msg: ToWorker): void {
    if (!this.ended) this.worker.postMessage(msg);
  }

  /**
   * Asks the thread to close (its work in flight finishes, its connection closes) and ends it once it
   * has, or after `timeoutMs` if it has not answered by then.
   */
  async close(timeoutMs: number): Promise<void> {
    if (this.ended) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.request('close'), late]);
    clearTimeout(timer);
    await this.worker.terminate();
  }

  private answer(id: number, msg: FromWorker | null): void {
    const resolve = this.pending.get(id);
    if (!resolve) return;
    this.pending.delete(id);
    this.calls.delete(id);
    resolve(msg);
  }
}

function extraOf(shape: AppErrorShape): Omit<AppErrorShape, 'code' | 'message'> {
  const { code: _code, message: _message, ...extra } = shape;
  return extra;
}
