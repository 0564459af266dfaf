// renderer/api/client.ts picks its transport once: the preload's window.kyrios when it exists.
import { describe, expect, it, vi } from 'vitest';
import type { KyriosApi } from '../../../shared/contract.ts';

describe('the renderer client', () => {
  it('uses window.kyrios (IPC) when the preload provided it, and call() unwraps its envelopes', async () => {
    vi.resetModules();
    const invoke = vi.fn(async (channel: string) =>
      channel === 'settings.get'
        ? { ok: true, result: { retentionDays: 60, profileName: 'Ann' } }
        : { ok: false, error: { code: 'NOT_FOUND', message: 'No contact with id x exists.' } },
    );
    const preloadApi = { invoke, on: vi.fn(() => () => {}) } as unknown as KyriosApi;
    vi.stubGlobal('window', { kyrios: preloadApi });
    try {
      const client = await import('../../../renderer/api/client.ts');
      expect(client.api).toBe(preloadApi);
      expect(client.isDesktop).toBe(true);
      expect(await client.call('settings.get', {})).toEqual({ retentionDays: 60, profileName: 'Ann' });
      await expect(client.call('contacts.get', { id: 'x' })).rejects.toMatchObject({ name: 'KyriosError', code: 'NOT_FOUND' });
      expect(invoke).toHaveBeenCalledTimes(2);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('falls back to the HTTP twin when there is no preload', async () => {
    vi.resetModules();
    vi.stubGlobal('window', {
      location: { search: '?token=t0k', pathname: '/', hash: '' },
      sessionStorage: { getItem: () => null, setItem: () => {} },
      history: { state: null, replaceState: vi.fn() },
    });
    try {
      const client = await import('../../../renderer/api/client.ts');
      expect(client.isDesktop).toBe(false);
      expect(Object.keys(client.api).sort()).toEqual(['close', 'invoke', 'on']);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
