/** One delete or restore of a row, as the hub stored it. */
export type LifecycleEntry = {
  hlc: string;
  kind: 'delete' | 'restore';
  deletionId: string;
  /** the member's time of a delete (shown to people) */
  at: number;
  /** when the hub received it (retention counts from here) */
  receivedAt: number;
};

export type FoldedLifecycle = { deletedAt: number; deletionId: string; receivedAt: number } | null;

/**
 * A row's lifecycle: its delete/restore messages folded in HLC order (docs/sync.md). A delete applies only to a
 * row live at that point; a restore of D only to a row whose current deletion is D. null: live.
 */
export function foldLifecycle(entries: readonly LifecycleEntry[]): FoldedLifecycle {
  const ordered = [...entries].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
  let state: FoldedLifecycle = null;
  for (const entry of ordered) {
    if (entry.kind === 'delete') {
      if (state === null) state = { deletedAt: entry.at, deletionId: entry.deletionId, receivedAt: entry.receivedAt };
    } else if (state !== null && state.deletionId === entry.deletionId) {
      state = null;
    }
  }
  return state;
}
