import { JOB_INVALIDATES, type EventPayload, type JobEffect } from '../../../shared/contract.ts';
import type { CoreContext } from '../context.ts';
import { announce } from '../dispatcher.ts';

// Background work (bulk actions' chunks, the purge timer) tells the views what changed through here,
// with the scopes the contract declares for it (JOB_INVALIDATES); a channel's own changes are
// announced by the dispatcher, as the contract declares them.

/** What a bulk action's chunk (or its cancel, or its failure) reports. */
export type Progress = EventPayload<'bulkActions.progress'>;

/**
 * Tells listeners after the commit: the action's progress, and that what `effect` changes changed. A
 * listener that throws cannot turn a committed chunk into a failure.
 */
export function emitProgress(ctx: CoreContext, r: Progress, effect: JobEffect = 'chunk'): void {
  try {
    ctx.events.emit('bulkActions.progress', { id: r.id, processed: r.processed, total: r.total, status: r.status });
  } catch (err) {
    console.error('[kyrios] a progress listener failed:', err);
  }
  announceJobChange(ctx, effect);
}

/** Tells the views that background work changed what `effect` declares (e.g. the hourly purge). */
export const announceJobChange = (ctx: CoreContext, effect: JobEffect): void => announce(ctx, JOB_INVALIDATES[effect]);
