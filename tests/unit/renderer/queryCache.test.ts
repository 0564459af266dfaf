// The renderer's server state lives in a TanStack Query cache fed by the real core: data.changed
// refetches only the queries of the scopes it names that a view shows (the others are marked stale
// and refetch when shown), and bulkActions.progress moves the cached Bulk Actions rows without a call.
import { QueryClient, QueryObserver, type QueryKey, type QueryObserverOptions } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelName, KyriosApi } from '../../../shared/contract.ts';
import { testCore } from '../../helpers/core.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
let calls: Record<string, number>;
let client: QueryClient;
const offs: (() => void)[] = [];

beforeEach(async () => {
  t = await testCore();
  calls = {};
  // The preload's window.kyrios, wired to the real dispatcher and the core's events.
  const kyrios = {
    invoke: (channel: ChannelName, input: unknown) => {
      calls[channel] = (calls[channel] ?? 0) + 1;
      return t.core.dispatcher.call(channel, input);
    },
    on: (event: 'data.changed' | 'bulkActions.progress', listener: (p: unknown) => void) => t.core.events.on(event, listener),
  } as unknown as KyriosApi;
  vi.resetModules();
  vi.stubGlobal('window', { kyrios });
  client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
});

afterEach(async () => {
  for (const off of offs.splice(0)) off();
  client.clear();
  vi.unstubAllGlobals();
  await t.cleanup();
});

/** A view showing a query: an observer subscribed to it, as useQuery does. */
function show<D, K extends QueryKey>(opts: QueryObserverOptions<D, Error, D, D, K>) {
  const observer = new QueryObserver<D, Error, D, D, K>(client, opts);
  offs.push(observer.subscribe(() => {}));
  return observer;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('server state in the query cache', () => {
  it('data.changed refetches the shown queries of the scopes it names; a scope not shown is only marked stale', async () => {
    const { startLiveUpdates } = await import('../../../renderer/lib/liveUpdates.ts');
    const { contactsListQuery } = await import('../../../renderer/views/contacts/queries.ts');
    const { restoreListQuery } = await import('../../../renderer/views/restore/queries.ts');
    const { bulkActionsListQuery } = await import('../../../renderer/views/bulk/queries.ts');
    const { DEFAULT_PARAMS } = await import('../../../renderer/stores/contactsStore.ts');
    offs.push(startLiveUpdates(client));

    const contacts = show(contactsListQuery(DEFAULT_PARAMS));
    const bulk = show(bulkActionsListQuery(0, 25));
    // The Restore tab was visited before: its page is cached, but no view shows it now.
    await client.fetchQuery(restoreListQuery('', 0, 25));
    await vi.waitFor(() => expect(contacts.getCurrentResult().data?.total).toBe(0));
    await vi.waitFor(() => expect(bulk.getCurrentResult().data?.total).toBe(0));
    expect(calls).toEqual({ 'contacts.list': 1, 'bulkActions.list': 1, 'restore.list': 1 });

    const ada = await t.call<{ id: string }>('contacts.create', { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' });
    await vi.waitFor(() => expect(contacts.getCurrentResult().data?.rows.map((r) => r.id)).toEqual([ada.id]));
    await sleep(300);
    // Contacts changed: the list refetched once; Bulk Actions and Restore were not asked again.
    expect(calls['contacts.list']).toBe(2);
    expect(calls['bulkActions.list']).toBe(1);
    expect(calls['restore.list']).toBe(1);

    await t.call('contacts.deleteOne', { id: ada.id });
    await vi.waitFor(() => expect(contacts.getCurrentResult().data?.total).toBe(0));
    await sleep(300);
    // The Restore tab's page is stale but not refetched while nobody looks at it…
    const restoreKey = restoreListQuery('', 0, 25).queryKey;
    expect(client.getQueryState(restoreKey)?.isInvalidated).toBe(true);
    expect(calls['restore.list']).toBe(1);
    expect(calls['bulkActions.list']).toBe(1);
    // …and refetches as soon as a view shows it, with the deleted contact.
    const restore = show(restoreListQuery('', 0, 25));
    await vi.waitFor(() => expect(restore.getCurrentResult().data?.rows.map((r) => r.id)).toEqual([ada.id]));
    expect(calls['restore.list']).toBe(2);
    expect(restore.getCurrentResult().data?.total).toBe(1);
  });

  it('bulkActions.progress writes into the cached page; a new status or an unknown action refetches it', async () => {
    const { startLiveUpdates } = await import('../../../renderer/lib/liveUpdates.ts');
    const { bulkActionsListQuery } = await import('../../../renderer/views/bulk/queries.ts');
    const ids: string[] = [];
    for (const n of ['a', 'b', 'c']) ids.push((await t.call<{ id: string }>('contacts.create', { firstName: n, email: `${n}@example.com` })).id);
    // Background work is off in the test core: the delete stays queued until the test moves it.
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    offs.push(startLiveUpdates(client));
    const bulk = show(bulkActionsListQuery(0, 25));
    await vi.waitFor(() => expect(bulk.getCurrentResult().data?.rows.map((r) => [r.id, r.status])).toEqual([[bulkActionId, 'queued']]));
    await sleep(200);
    const before = calls['bulkActions.list'];

    t.core.events.emit('bulkActions.progress', { id: bulkActionId, processed: 2, total: 3, status: 'queued' });
    expect(bulk.getCurrentResult().data?.rows[0]).toMatchObject({ id: bulkActionId, processed: 2, total: 3, status: 'queued' });
    await sleep(300);
    expect(calls['bulkActions.list']).toBe(before); // same status: no call

    t.core.events.emit('bulkActions.progress', { id: bulkActionId, processed: 3, total: 3, status: 'running' });
    expect(bulk.getCurrentResult().data?.rows[0]).toMatchObject({ processed: 3, status: 'running' });
    await vi.waitFor(() => expect(calls['bulkActions.list']).toBe(before! + 1)); // the core's label for the new status

    t.core.events.emit('bulkActions.progress', { id: 'not-on-this-page', processed: 1, total: 9, status: 'running' });
    await vi.waitFor(() => expect(calls['bulkActions.list']).toBe(before! + 2));
    expect(bulk.getCurrentResult().data?.rows).toHaveLength(1);
  });

  it('the error of a query keeps the code of the core for the view to decide on: NOT_FOUND offers no Try again', async () => {
    const { contactQuery } = await import('../../../renderer/views/contacts/queries.ts');
    const { canRetry, errorCode } = await import('../../../renderer/lib/errors.ts');
    const detail = show(contactQuery(crypto.randomUUID()));
    await vi.waitFor(() => expect(detail.getCurrentResult().status).toBe('error'));
    const error = detail.getCurrentResult().error;
    expect(errorCode(error)).toBe('NOT_FOUND');
    expect(canRetry(error)).toBe(false);
    expect(canRetry(new Error('Kyrios is not reachable.'))).toBe(true);
    expect(calls['contacts.get']).toBe(1); // no automatic retries of an answer
  });
});
