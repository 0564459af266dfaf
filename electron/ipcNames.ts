// The two IPC names the preload and ipc.ts share. No imports: the sandboxed preload bundles this file.

/** `ipcRenderer.invoke('kyrios:contacts.list', input)` reaches the contract channel `contacts.list`. */
export const IPC_PREFIX = 'kyrios:';
/** Push events travel on this one channel as (eventName, payload). */
export const IPC_EVENT_CHANNEL = 'kyrios:event';
