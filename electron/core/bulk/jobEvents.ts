import type { DataScope, EventPayload } from '../../../shared/contract.ts';
import type { CoreContext } from '../context.ts';

// The one place background work (bulk actions' chunks, the purge timer) tells the views what changed.
// A channel's own changes are announced by the dispatcher, as the contract declares them.

/** What a bulk action's chunk (or its cancel, or its failure) reports. */
export type Progress = EventPayload<'bulkActions.progress'>;

/**
 * Tells listeners after the commit: the action's progress, and that the views of `scope` changed. A
 * listener that throws cannot turn a committed chunk into a failure.
 */
export function emitProgress(
  ctx: CoreContext,
  r: Progress,
  scope: readonly DataScope[] = ['contacts', 'restore', 'bulkActions'],
): void {
  try {
    ctx.events.emit('bulkActions.progress', { id: r.id, processed: r.processed, total: r.total, status: r.status });
  } catch (err) {
    console.error('[kyrios] a progress listener failed:', err);
  }
  announceJobChange(ctx, scope);
}

/** Tells the views that background work changed `scope` (e.g. the hourly purge). */
export function announceJobChange(ctx: CoreContext, scope: readonly DataScope[]): void {
  try {
    ctx.events.emit('data.changed', { scope: [...scope] });
  } catch (err) {
    console.error('[kyrios] a data.changed listener failed:', err);
  }
}
