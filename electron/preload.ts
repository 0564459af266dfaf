// The sandboxed preload: it can import only 'electron', so it holds no zod and no contract code; the
// channel list is written in at build time (electron.vite.config.ts defines __KYRIOS_CHANNELS__ from
// shared/contract.ts) and the main process validates every input anyway. The page gets exactly
// `window.kyrios = { invoke, on }` and never an ipcRenderer, an IpcRendererEvent or a Node object.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { KyriosApi } from '../shared/contract.ts';
import { IPC_EVENT_CHANNEL, IPC_PREFIX } from './ipcNames.ts';

declare const __KYRIOS_CHANNELS__: readonly string[];
declare const __KYRIOS_EVENTS__: readonly string[];

const channels = new Set<string>(typeof __KYRIOS_CHANNELS__ === 'undefined' ? [] : __KYRIOS_CHANNELS__);
const events = new Set<string>(typeof __KYRIOS_EVENTS__ === 'undefined' ? [] : __KYRIOS_EVENTS__);

const api: KyriosApi = {
  invoke(channel, input) {
    if (typeof channel !== 'string' || !channels.has(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL', message: `There is no channel named ${String(channel).slice(0, 100)}.` },
      });
    }
    return ipcRenderer.invoke(IPC_PREFIX + channel, input);
  },
  on(event, listener) {
    if (typeof event !== 'string' || !events.has(event) || typeof listener !== 'function') return () => {};
    const relay = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) (listener as (p: unknown) => void)(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, relay);
    };
  },
};

contextBridge.exposeInMainWorld('kyrios', api);
