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
  return real.map((r) => `${n(r.count)} ${REASON_TEXT[r.code] ?? r.code}`).join(', ');
}

/** How the label's chip reads at a glance: green only when everything the action set out to do is done. */
export type StatusTone = 'neutral' | 'info' | 'success' | 'warning' | 'error';

const n = (x: number) => x.toLocaleString('en');

/** The words a bulk action's chip shows and the tone it wears, decided together so they never disagree. */
export interface StatusText {
  label: string;
  tone: StatusTone;
}

/**
 * The one place a bulk action's status becomes the words the UI shows:
 * 'Preparing · 4,000 selected so far' (a large selection being snapshotted), 'Queued', 'Running', 'Complete', 'Cancelled', 'Failed: <reason>', and for a bulk delete whose
 * contacts came back 'Complete · Restored', or when only some could:
 * 'Complete · Restored 480 of 500 · 20 not restored: email or phone now used by another contact', or
 * '… · 10 not restored: deleted again since'; a delete cancelled before it deleted anything says
 * 'Cancelled · nothing was deleted', one cancelled part way 'Cancelled · 3,444 of 18,771 deleted'.
 * Contacts of a bulk delete brought back one by one (the Restore tab) show before any bulk restore:
 * 'Complete · 3 of 5 restored'.
 * A restore action that skipped contacts says the same of itself. An import says
 * 'Complete · Imported 10000', or 'Complete · Imported 480 of 500 · 20 not imported'.
 * The tone is green (success) only when nothing is left undone; a partial outcome is a warning.
 */
export function statusText(a: LabelInput): StatusText {
  if (a.status === 'queued' && a.preparing) return { label: `Preparing · ${n(a.total)} selected so far`, tone: 'neutral' };
  if (a.status === 'queued') return { label: 'Queued', tone: 'neutral' };
  if (a.status === 'running') return { label: 'Running', tone: 'info' };
  if (a.status === 'failed') return { label: `Failed: ${a.error ?? 'an unknown error'}`, tone: 'error' };
  const cancelled = a.status === 'cancelled';
  let base = cancelled ? 'Cancelled' : 'Complete';

  if (a.type === 'delete' && a.deleted) {
    const { done, stillDeleted, purged, deletedAgain = 0 } = a.deleted;
    if (cancelled && done === 0) return { label: 'Cancelled · nothing was deleted', tone: 'warning' };
    // A delete stopped part way says how far it got before anything else.
    if (cancelled) base = `Cancelled · ${n(done)} of ${n(a.total)} deleted`;
    const tone: StatusTone = cancelled ? 'warning' : 'success';
    // Back: neither still deleted by it, nor deleted again since, nor purged.
    const restored = done - stillDeleted - purged - deletedAgain;
    if (done > 0 && restored === done) return { label: `${base} · Restored`, tone };
    const r = a.latestRestore;
    // Before any bulk restore (or while one runs) a delete says what became of its contacts since:
    // some brought back from the Restore tab, deleted again, purged.
    if (!r || r.status === 'queued' || r.status === 'running') {
      if (purged === done) return { label: `${base} · Purged`, tone };
      const since = [
        restored > 0 ? `${n(restored)} of ${n(done)} restored` : '',
        deletedAgain > 0 ? `${n(deletedAgain)} deleted again since` : '',
        purged > 0 ? `${n(purged)} purged` : '',
      ].filter(Boolean);
      return { label: [base, ...since].join(' · '), tone: since.length > 0 && !cancelled ? 'info' : tone };
    }
    // What is not back, and why: by the contacts' state now; those still deleted by it are the
    // restore's conflicts, or were not reached by it (cancelled) or since (not yet).
    const conflicts = Math.min(
      stillDeleted,
      r.reasons.filter((x) => x.code === 'CONFLICT').reduce((m, x) => m + x.count, 0),
    );
    const reasons = [
      { code: 'CONFLICT', count: conflicts },
      { code: 'DELETED_AGAIN', count: deletedAgain },
      { code: 'PURGED', count: purged },
      { code: r.status === 'cancelled' ? 'CANCELLED' : 'NOT_YET', count: stillDeleted - conflicts },
    ];
    return {
      label: `${base} · Restored ${n(restored)} of ${n(done)} · ${n(done - restored)} not restored: ${describe(reasons)}`,
      tone: 'warning',
    };
  }

  if (a.type === 'restore' && a.status === 'complete') {
    const reasons = (a.reasons ?? []).filter((x) => x.code !== 'ALREADY_LIVE');
    const notRestored = reasons.reduce((m, x) => m + x.count, 0);
    if (notRestored === 0) return { label: 'Complete · Restored', tone: 'success' };
    return {
      label: `Complete · Restored ${n(a.total - notRestored)} of ${n(a.total)} · ${n(notRestored)} not restored: ${describe(reasons)}`,
      tone: 'warning',
    };
  }
  if (a.type === 'restore' && cancelled)
    return { label: `Cancelled · ${n(a.processed - a.skipped)} of ${n(a.total)} restored`, tone: 'warning' };

  // An import: every row is an item; rows refused (invalid, duplicates skipped) count as skipped.
  if (a.type === 'import' && a.status === 'complete') {
    if (a.skipped === 0) return { label: `Complete · Imported ${n(a.total)}`, tone: 'success' };
    return { label: `Complete · Imported ${n(a.total - a.skipped)} of ${n(a.total)} · ${n(a.skipped)} not imported`, tone: 'warning' };
  }
  if (a.type === 'import' && a.processed - a.skipped > 0)
    return { label: `${base} · Imported ${n(a.processed - a.skipped)} of ${n(a.total)}`, tone: 'warning' };
  return { label: base, tone: cancelled ? 'warning' : 'success' };
}

/** The label alone (see statusText). */
export const statusLabel = (a: LabelInput): string => statusText(a).label;
