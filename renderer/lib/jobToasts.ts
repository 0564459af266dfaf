// The snackbar of a bulk action started from this window: it follows the action live and says what
// the action did when it ends. Every number in it is the action's own (progress events, then
// bulkActions.get for what was skipped and why); the count the UI had when it started the action (a
// list total, possibly capped or stale) is never shown as what the action does.
import type { BulkActionType } from '../../shared/domain.ts';
import { isActive, useBulkActionsStore, type TrackedAction } from '../stores/bulkActionsStore.ts';
import { useSnackbarStore, type SnackbarMessage } from '../stores/snackbarStore.ts';
import { formatCount, plural } from './format.ts';

const VERBS: Record<BulkActionType, { running: string; done: string; notDone: string }> = {
  delete: { running: 'Deleting', done: 'Deleted', notDone: 'not deleted' },
  restore: { running: 'Restoring', done: 'Restored', notDone: 'not restored' },
  import: { running: 'Importing', done: 'Imported', notDone: 'not imported' },
};

/** Reasons a restore gives for contacts it leaves alone that are in fact back (already live). */
const NOT_A_MISS = new Set(['ALREADY_LIVE']);

export interface JobText {
  text: string;
  severity: SnackbarMessage['severity'];
  /** The action has ended: the snackbar may hide. */
  ended: boolean;
}

/** What the snackbar of bulk action `a` (of `type`) says now. */
export function jobText(type: BulkActionType, a: TrackedAction | undefined): JobText {
  const v = VERBS[type];
  if (!a || !a.confirmed) return { text: `${v.running} contacts…`, severity: 'info', ended: false };
  if (a.status === 'queued') {
    return {
      text: a.total > 0 ? `Getting ready · ${formatCount(a.total)} selected so far…` : `${v.running} contacts…`,
      severity: 'info',
      ended: false,
    };
  }
  if (isActive(a)) return { text: `${v.running} ${plural(a.total, 'contact')}… ${formatCount(a.processed)} done`, severity: 'info', ended: false };

  const misses = (a.skippedReasons ?? []).filter((r) => !NOT_A_MISS.has(r.code));
  const missed = a.skippedReasons ? misses.reduce((n, r) => n + r.count, 0) : (a.skipped ?? 0);
  const done = Math.max(0, a.processed - missed);
  const why = misses.length ? `: ${[...new Set(misses.map((r) => r.reason))].slice(0, 2).join('; ')}` : '';
  const tail = missed > 0 ? ` ${formatCount(missed)} ${v.notDone}${why}.` : '';
  if (a.status === 'failed') return { text: `Stopped after ${plural(done, 'contact')}: see Bulk Actions for the reason.`, severity: 'error', ended: true };
  if (a.status === 'cancelled') return { text: `Cancelled: ${v.done.toLowerCase()} ${plural(done, 'contact')} before it stopped.${tail}`, severity: 'warning', ended: true };
  return { text: `${v.done} ${plural(done, 'contact')}.${tail}`, severity: missed > 0 ? 'warning' : 'success', ended: true };
}

/**
 * Follows bulk action `id` in the snackbar (replacing the one shown), with an Undo when given (also on
 * Ctrl/Cmd+Z). `quiet`: no progress banner above the list (a small action).
 */
export function followJob(id: string, type: BulkActionType, opts: { undo?: () => void; quiet?: boolean } = {}): void {
  useBulkActionsStore.getState().track({ id, type, total: 0, processed: 0, status: 'queued', quiet: opts.quiet });
  useSnackbarStore.getState().show({
    message: '',
    severity: 'info',
    job: { id, type },
    ...(opts.undo ? { action: { label: 'Undo', run: opts.undo }, undo: opts.undo } : {}),
  });
}
