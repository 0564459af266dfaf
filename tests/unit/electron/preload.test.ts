// preload.ts with a faked contextBridge/ipcRenderer: exactly { invoke, on } reaches the page.
import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES, type KyriosApi } from '../../../shared/contract.ts';

vi.mock('electron', async () => (await import('./fakeElectron.ts')).electron);

// What electron.vite.config.ts writes in at build time.
Object.assign(globalThis, { __KYRIOS_CHANNELS__: CHANNEL_NAMES, __KYRIOS_EVENTS__: EVENT_NAMES });
const { electron } = await import('./fakeElectron.ts');
await import('../../../electron/preload.ts');
const exposeCalls = [...electron.contextBridge.exposeInMainWorld.mock.calls];
const api = electron.contextBridge.exposed.get('kyrios') as KyriosApi;

describe('the preload bridge', () => {
  it('exposes one object, window.kyrios, with invoke and on and nothing else', () => {
    expect(exposeCalls.map((c) => c[0])).toEqual(['kyrios']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });

  it('invokes a contract channel over kyrios:<channel>', async () => {
    const env = await api.invoke('settings.get', {});
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('kyrios:settings.get', {});
    expect(env).toEqual({ ok: true, result: 'from-main' });
  });

  it('answers UNKNOWN_CHANNEL for a name outside the contract without touching IPC', async () => {
    for (const name of ['nope', 'kyrios:event', '__proto__', 'constructor', 42 as unknown as string]) {
      const env = await api.invoke(name as never, {} as never);
      expect(env).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('delivers only the subscribed event, without the IPC event object, until unsubscribed', () => {
    const listener = vi.fn();
    const off = api.on('bulkActions.progress', listener);
    electron.ipcRenderer.emitFromMain('kyrios:event', 'data.changed', { scope: ['contacts'] });
    const p = { id: 'x', processed: 1, total: 2, status: 'running' };
    electron.ipcRenderer.emitFromMain('kyrios:event', 'bulkActions.progress', p);
    expect(listener.mock.calls).toEqual([[p]]);
    off();
    electron.ipcRenderer.emitFromMain('kyrios:event', 'bulkActions.progress', p);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(electron.ipcRenderer.listenerCount('kyrios:event')).toBe(0);
  });

  it('ignores subscriptions to unknown events', () => {
    const off = api.on('nope' as never, vi.fn());
    expect(electron.ipcRenderer.on).not.toHaveBeenCalled();
    expect(() => off()).not.toThrow();
  });
});
