// The sync state on screen is the newest the core said: a team.status event lands over any team.status
// call still under way, whose answer was read before the event was sent. Seen in an end-to-end run: a
// join refetched the state while its first sync ran; the "Synced" event came first, the call's
// "Syncing…" after it, and the app bar said "Syncing…" until the next sync, 30 s later.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelName, KyriosApi, TeamStatus } from '../../../shared/contract.ts';

const status = (state: TeamStatus['state'], role: TeamStatus['hub']['role'] = 'member'): TeamStatus => ({
  state,
  pendingChanges: 0,
  lastSyncedAt: null,
  hub: { url: 'http://127.0.0.1:1', workspaceId: 'w', memberName: 'Eve', role },
});

let answer: (s: TeamStatus) => void;
let emit: (s: TeamStatus) => void;
let calls: Record<string, number>;

beforeEach(() => {
  calls = {};
  // The preload's window.kyrios: team.status answers when the test says so; events go to the listener.
  const kyrios = {
    invoke: (channel: ChannelName) => {
      calls[channel] = (calls[channel] ?? 0) + 1;
      if (channel === 'team.status') return new Promise((resolve) => (answer = (s) => resolve({ ok: true, result: s })));
      return Promise.resolve({ ok: true, result: { members: [] } });
    },
    on: (_event: string, listener: (s: TeamStatus) => void) => {
      emit = listener;
      return () => {};
    },
  } as unknown as KyriosApi;
  vi.resetModules();
  vi.stubGlobal('window', { kyrios });
});

afterEach(() => vi.unstubAllGlobals());

describe('team.status events and calls', () => {
  it('an event lands over a call still under way; the call answered later does not take it back', async () => {
    const { queryClient } = await import('../../../renderer/lib/queryClient.ts');
    const { startTeamUpdates, teamKeys, teamStatusQuery } = await import('../../../renderer/views/team/queries.ts');
    const stop = startTeamUpdates();
    const fetching = queryClient.fetchQuery(teamStatusQuery).catch(() => null);
    await vi.waitFor(() => expect(calls['team.status']).toBe(1));

    emit(status('synced'));
    await vi.waitFor(() => expect(queryClient.getQueryData<TeamStatus>(teamKeys.status)?.state).toBe('synced'));
    answer(status('syncing')); // read before the event was sent
    await fetching;
    await new Promise((r) => setTimeout(r, 20));
    expect(queryClient.getQueryData<TeamStatus>(teamKeys.status)?.state).toBe('synced');

    // A call made after the event is newer: its answer lands.
    const later = queryClient.fetchQuery({ ...teamStatusQuery, staleTime: 0 });
    await vi.waitFor(() => expect(calls['team.status']).toBe(2));
    answer(status('offline'));
    await later;
    expect(queryClient.getQueryData<TeamStatus>(teamKeys.status)?.state).toBe('offline');

    // Events in a row keep their order, and a change of role still refreshes the members.
    emit(status('syncing'));
    emit(status('synced', 'admin'));
    await vi.waitFor(() => expect(queryClient.getQueryData<TeamStatus>(teamKeys.status)).toEqual(status('synced', 'admin')));
    await new Promise((r) => setTimeout(r, 20));
    expect(queryClient.getQueryData<TeamStatus>(teamKeys.status)).toEqual(status('synced', 'admin'));
    stop();
    queryClient.clear();
  });
});
