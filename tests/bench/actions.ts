import type { CoreProxy } from '../../electron/core/worker/coreProxy.ts';

type Core = Pick<CoreProxy, 'events' | 'dispatcher'>;
import type { BulkAction } from '../../shared/domain.ts';

const FINISHED = new Set(['complete', 'failed', 'cancelled']);

/**
 * Watches bulk-action progress events (subscribe before starting the action, so no event is missed)
 * and answers when an action has finished, with its final state read through the dispatcher.
 */
export function actionWatcher(core: Core) {
  const finished = new Set<string>();
  const waiters = new Map<string, () => void>();
  const off = core.events.on('bulkActions.progress', (p) => {
    if (!FINISHED.has(p.status)) return;
    finished.add(p.id);
    waiters.get(p.id)?.();
  });
  return {
    async finished(id: string): Promise<BulkAction> {
      if (!finished.has(id)) await new Promise<void>((resolve) => waiters.set(id, resolve));
      waiters.delete(id);
      const env = await core.dispatcher.invoke('bulkActions.get', { id });
      if (!env.ok) throw new Error(`bulkActions.get answered ${env.error.code}: ${env.error.message}`);
      return env.result;
    },
    stop: off,
  };
}

/** Calls a channel and returns its result, or throws with the error it answered. */
export async function call<T>(core: Core, channel: string, input: unknown): Promise<T> {
  const env = await core.dispatcher.call(channel, input);
  if (!env.ok) throw new Error(`${channel} answered ${env.error.code}: ${env.error.message}`);
  return env.result as T;
}
