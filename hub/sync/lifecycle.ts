import { foldLifecycle, type LifecycleEvent } from '../../shared/sync/fold.ts';
import type { SyncMessage } from '../../shared/sync/protocol.ts';

/** One delete or restore of a row, as the hub stored it. */
export type StoredLifecycle = { hlc: string; body: SyncMessage; receivedAt: number };

export type HubLifecycle = { deletedAt: number | null; deletionId: string | null; receivedAt: number | null };

const eventOf = (m: StoredLifecycle): LifecycleEvent | null =>
  m.body.kind === 'delete'
    ? { kind: 'delete', hlc: m.hlc, deletionId: m.body.deletionId, at: m.body.at }
    : m.body.kind === 'restore'
      ? { kind: 'restore', hlc: m.hlc, deletionId: m.body.deletionId }
      : null;

/**
 * A row's lifecycle on the hub: the shared fold (shared/sync/fold.ts) of its own delete/restore messages and,
 * for a related row, its contact's, so the hub holds what every replica holds. `receivedAt` is when the hub
 * first received the deletion now in effect: a contact's retention counts from it, on the hub's clock.
 */
export function hubLifecycle(
  own: readonly StoredLifecycle[],
  contact: readonly StoredLifecycle[] | null,
): HubLifecycle {
  const events = (list: readonly StoredLifecycle[]) => list.map(eventOf).filter((e): e is LifecycleEvent => e !== null);
  const state = contact === null ? foldLifecycle(events(own)) : foldLifecycle(events(own), events(contact));
  if (state.deletionId === null) return { deletedAt: null, deletionId: null, receivedAt: null };
  let receivedAt: number | null = null;
  for (const m of [...own, ...(contact ?? [])]) {
    if (
      m.body.kind === 'delete' &&
      m.body.deletionId === state.deletionId &&
      (receivedAt === null || m.receivedAt < receivedAt)
    ) {
      receivedAt = m.receivedAt;
    }
  }
  return { deletedAt: state.deletedAt, deletionId: state.deletionId, receivedAt };
}
