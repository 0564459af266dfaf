// The messages between the main thread's proxy (coreProxy.ts) and the core's threads: the writer
// (writerWorker.ts, today's whole core) and the readers (readerWorker.ts, read-only connections).
// Structured clone carries them; an error crosses as its shape { code, message, ... }, never as an Error.
import type { AppErrorShape, Envelope, EventName } from '../../../shared/contract.ts';
import type { VaultRequest } from './vaultBridge.ts';

/** What a thread is started with (workerData). */
export interface WorkerStart {
  dataDir: string;
  /** The injected clock's time when the thread starts, or null for the system clock (see ClockSync). */
  now: number | null;
  /** The writer only: start the bulk runner, the purge and the backup timers. */
  background?: boolean;
  automaticBackups?: boolean;
  /** The writer only: the main thread holds a vault for the device credential (vaultBridge.ts). */
  vault?: boolean;
}

/** Main thread to a core thread. `now`: the injected clock's time when the call was made (tests, bench). */
export type ToWorker =
  | { type: 'call'; id: number; channel: string; input: unknown; now?: number }
  /** Writer: answer once the bulk runner has nothing left to run. */
  | { type: 'idle'; id: number }
  /** Reader: close its connection (a restore from backup is about to swap the file) / open it again. */
  | { type: 'pause'; id: number }
  | { type: 'resume'; id: number }
  /** Answer to the writer's 'readers' request. */
  | { type: 'readersDone'; id: number }
  /** Finish the work in flight, close the connection; the thread then ends. */
  | { type: 'close'; id: number };

/** A core thread to the main thread. */
export type FromWorker =
  /** The connection is open (the writer: migrated and brought up to the purge ledger). */
  | { type: 'ready' }
  /** The thread could not open its connection: the error a person can act on (CORRUPT names the latest backup). */
  | { type: 'failed'; error: AppErrorShape }
  | { type: 'answer'; id: number; envelope: Envelope<unknown> }
  /** Writer: a push event of the core, for the window and the event stream. */
  | { type: 'event'; name: EventName; payload: unknown }
  /** Writer: the readers must let go of the file (pause) or may read it again (resume); answered with readersDone. */
  | { type: 'readers'; id: number; action: 'pause' | 'resume' }
  /** Answer to idle, pause, resume and close. */
  | { type: 'done'; id: number }
  /** Writer: seal or open the device credential with the main thread's vault (answered in `reply`). */
  | VaultRequest;
