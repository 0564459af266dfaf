import type { Database } from 'better-sqlite3';
import type { BulkActionType, BulkDeleteFate } from '../../../shared/domain.ts';
import type { Tx } from '../db/tx.ts';
import type { BulkActionRow } from './actionRow.ts';
import type { ChunkCounts } from './itemRange.ts';
import type { StatusText, StatusTone } from './statusLabel.ts';

// The kinds of bulk job, each registered by the part of the app that owns it (the lifecycle's delete
// and restore, the import): bulk/ runs them, never imports them. A later kind (the team sync's apply)
// registers the same way.

/** What a job's action row says beyond the common states (Queued, Running, Failed…), for the UI. */
export interface JobDescription {
  /** The label once it is complete or cancelled ("Complete · Restored", "Complete · Imported 10000"…). */
  statusLabel: string;
  /** The tone its chip wears (statusLabel.ts): green only when nothing is left undone. */
  statusTone: StatusTone;
  /** A bulk delete that still has contacts in the Restore tab can be restored. */
  restorable?: boolean;
  /** For a bulk delete: the restore actions that reversed it. */
  restoredBy?: string[];
  /** For a bulk delete: what became of its contacts since (lifecycle/deleteFate.ts). */
  fate?: BulkDeleteFate;
}

/** A label and its tone as a job's description carries them. */
export const described = (t: StatusText): Pick<JobDescription, 'statusLabel' | 'statusTone'> => ({
  statusLabel: t.label,
  statusTone: t.tone,
});

export interface BulkJob {
  /**
   * Runs the action's next `size` pending items inside the chunk's transaction: changes the data and
   * marks each item done or skipped (with a reason a person understands), all or nothing.
   */
  chunk(db: Tx, action: BulkActionRow, at: number, size: number): ChunkCounts;
  /** The action as the UI describes it once it ended (complete or cancelled). */
  describe(db: Database, action: BulkActionRow, reasons: { code: string; count: number }[]): JobDescription;
}

const jobs = new Map<BulkActionType, BulkJob>();

/** Registers (or replaces) the job that runs actions of `type`. */
export function registerJob(type: BulkActionType, job: BulkJob): void {
  jobs.set(type, job);
}

/** The job of `type`, or undefined when no part of the app registered one. */
export const jobOf = (type: BulkActionType): BulkJob | undefined => jobs.get(type);

/** A part of a bulk action's selection, as snapshot.ts stores it (migration 007). */
export interface SourcePart {
  spec: string;
  cursor: number;
  until: number | null;
}

/** One slice of a source: the items it added, and where the next slice starts (null when this part is done). */
export interface SourceSlice {
  added: number;
  next: number | null;
}

/**
 * A kind of selection an action takes its items from ('ids', 'filter', a bulk delete being restored):
 * `slice` adds the part's next items as pending items of `actionId`, numbered on from `base`.
 */
export interface SnapshotSource {
  slice(db: Tx, actionId: string, base: number, part: SourcePart): SourceSlice;
}

const sources = new Map<string, SnapshotSource>();

export function registerSnapshotSource(kind: string, source: SnapshotSource): void {
  sources.set(kind, source);
}

export function sourceOf(kind: string): SnapshotSource {
  const s = sources.get(kind);
  if (!s) throw new Error(`no snapshot source of kind ${kind} is registered`);
  return s;
}
