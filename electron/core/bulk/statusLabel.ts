import type { BulkActionStatus, BulkActionType } from '../../../shared/domain.ts';

export interface LabelInput {
  type: BulkActionType;
  status: BulkActionStatus;
  total: number;
  processed: number;
  skipped: number;
  error: string | null;
  /**
   * A bulk delete: how its contacts fared since (done = deleted by it; stillDeleted = still carrying
   * its deletion; deletedAgain = restored, then deleted again by another deletion; purged = gone for good).
   */
  deleted?: { done: number; stillDeleted: number; purged: number; deletedAgain?: number };
  /** A bulk delete: its newest restore action, if any. */
  latestRestore?: { status: BulkActionStatus; reasons: { code: string; count: number }[] } | null;
  /** A restore: why items were skipped. */
  reasons?: { code: string; count: number }[];
  /** Still snapshotting its selection a slice at a time (bulk/snapshot.ts); `total` so far. */
  preparing?: boolean;
}

/** How a reason code reads in a label, grouped: same words for every contact it covers. */
const REASON_TEXT: Record<string, string> = {
  CONFLICT: 'email or phone now used by another contact',
  PURGED: 'purged for good',
  NOT_FOUND: 'no longer exists',
  DELETED_AGAIN: 'deleted again since',
  CANCELLED: 'the restore was cancelled',
  NOT_YET: 'not restored yet',
};

function describe(reasons: { code: string; count: number }[]): string {
  const real = reasons.filter((r) => r.count > 0);
  if (real.length === 1) return REASON_TEXT[real[0]!.code] ?? real[0]!.code;
  return real.map((r) => `${r.count.toLocaleString('en')} ${REASON_TEXT[r.code] ?? r.code}`).join(', ');
}

/**
 * The one place a bulk action's status becomes the words the UI shows:
 * 'Preparing · 4,000 selected so far' (a large selection being snapshotted), 'Queued', 'Running', 'Complete', 'Cancelled', 'Failed: <reason>', and for a bulk delete whose
 * contacts came back 'Complete · Restored', or when only some could:
 * 'Complete · Restored 480 of 500 · 20 not restored: email or phone now used by another contact', or
 * '… · 10 not restored: deleted again since'; a delete cancelled before it deleted anything says
 * 'Cancelled · nothing was deleted'.
 * A restore action that skipped contacts says the same of itself. An import says
 * 'Complete · Imported 10000', or 'Complete · Imported 480 of 500 · 20 not imported'.
 */
/** Every number in a label with its thousands separators ("Restored 2,766 of 2,767"), as the UI writes counts. */
const n = (x: number) => x.toLocaleString('en');

export function statusLabel(a: LabelInput): string {
  if (a.status === 'queued' && a.preparing) return `Preparing · ${n(a.total)} selected so far`;
  if (a.status === 'queued') return 'Queued';
  if (a.status === 'running') return 'Running';
  if (a.status === 'failed') return `Failed: ${a.error ?? 'an unknown error'}`;
  const base = a.status === 'complete' ? 'Complete' : 'Cancelled';

  if (a.type === 'delete' && a.deleted) {
    const { done, stillDeleted, purged, deletedAgain = 0 } = a.deleted;
    if (a.status === 'cancelled' && done === 0) return 'Cancelled · nothing was deleted';
    // Back: neither still deleted by it, nor deleted again since, nor purged.
    const restored = done - stillDeleted - purged - deletedAgain;
    if (done > 0 && restored === done) return `${base} · Restored`;
    const r = a.latestRestore;
    // Before any bulk restore (or while one runs) a delete is simply what it was.
    if (!r || r.status === 'queued' || r.status === 'running') return base;
    // What is not back, and why: by the contacts' state now; those still deleted by it are the
    // restore's conflicts, or were not reached by it (cancelled) or since (not yet).
    const conflicts = Math.min(
      stillDeleted,
      r.reasons.filter((x) => x.code === 'CONFLICT').reduce((n, x) => n + x.count, 0),
    );
    const reasons = [
      { code: 'CONFLICT', count: conflicts },
      { code: 'DELETED_AGAIN', count: deletedAgain },
      { code: 'PURGED', count: purged },
      { code: r.status === 'cancelled' ? 'CANCELLED' : 'NOT_YET', count: stillDeleted - conflicts },
    ];
    return `${base} · Restored ${n(restored)} of ${n(done)} · ${n(done - restored)} not restored: ${describe(reasons)}`;
  }

  if (a.type === 'restore' && a.status === 'complete') {
    const reasons = (a.reasons ?? []).filter((x) => x.code !== 'ALREADY_LIVE');
    const notRestored = reasons.reduce((n, x) => n + x.count, 0);
    if (notRestored === 0) return 'Complete · Restored';
    return `Complete · Restored ${n(a.total - notRestored)} of ${n(a.total)} · ${n(notRestored)} not restored: ${describe(reasons)}`;
  }

  // An import: every row is an item; rows refused (invalid, duplicates skipped) count as skipped.
  if (a.type === 'import' && a.status === 'complete') {
    if (a.skipped === 0) return `Complete · Imported ${n(a.total)}`;
    return `Complete · Imported ${n(a.total - a.skipped)} of ${n(a.total)} · ${n(a.skipped)} not imported`;
  }
  if (a.type === 'import' && a.processed - a.skipped > 0)
    return `${base} · Imported ${n(a.processed - a.skipped)} of ${n(a.total)}`;
  return base;
}
