// A stand-in for the `electron` module, for unit tests of main.ts, window.ts, session.ts, ipc.ts and
// preload.ts under plain Node: records what the code asks of Electron and lets tests fire its events.
// Use: vi.mock('electron', async () => (await import('./fakeElectron.ts')).electron)
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { vi } from 'vitest';
import { tempDir } from '../../helpers/tempDirs.ts';

type Fn = (...args: never[]) => unknown;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  send = vi.fn();
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** Fires a navigation event the way Electron does; returns true if the app prevented it. */
  navigate(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string): boolean {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => void (prevented = true) }, url);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  options: Record<string, unknown>;
  webContents = new FakeWebContents();
  minimized = false;
  loadURL = vi.fn(async (_url: string) => {});
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn(() => void (this.minimized = false));
  isMinimized = vi.fn(() => this.minimized);
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    FakeBrowserWindow.instances.push(this);
  }
}

const userData = tempDir('kyrios-electron-');

const ipcHandlers = new Map<string, Fn>();
const ipcMain = {
  handlers: ipcHandlers,
  handle: vi.fn((channel: string, handler: Fn) => {
    // Electron throws on a second handler for one channel; so does the fake.
    if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, handler);
  }),
  removeHandler: vi.fn((channel: string) => void ipcHandlers.delete(channel)),
};

let resolveReady!: () => void;
const ready = new Promise<void>((r) => (resolveReady = r));

class FakeApp extends EventEmitter {
  requestSingleInstanceLock = vi.fn(() => true);
  quitCount = 0;
  /** Like Electron: 'before-quit' listeners may preventDefault(); otherwise the app is gone. */
  quit = vi.fn(() => {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => void (prevented = true) });
    if (!prevented) this.quitCount++;
  });
  exit = vi.fn();
  paths = new Map<string, string>([['userData', userData]]);
  getPath = vi.fn((name: string) => this.paths.get(name) ?? path.join(userData, name));
  setPath = vi.fn((name: string, value: string) => void this.paths.set(name, value));
  getAppPath = vi.fn(() => path.resolve(import.meta.dirname, '../../..'));
  whenReady = vi.fn(() => ready);
  isPackaged = false;
}
const app = new FakeApp();

const sessionState = {
  permissionRequest: null as null | ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void),
  permissionCheck: null as null | ((...args: unknown[]) => boolean),
  devicePermission: null as null | ((...args: unknown[]) => boolean),
  headersReceived: null as null | ((details: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void),
};
const defaultSession = {
  setPermissionRequestHandler: vi.fn((h: typeof sessionState.permissionRequest) => void (sessionState.permissionRequest = h)),
  setPermissionCheckHandler: vi.fn((h: typeof sessionState.permissionCheck) => void (sessionState.permissionCheck = h)),
  setDevicePermissionHandler: vi.fn((h: typeof sessionState.devicePermission) => void (sessionState.devicePermission = h)),
  setSpellCheckerEnabled: vi.fn(),
  webRequest: {
    onHeadersReceived: vi.fn((h: typeof sessionState.headersReceived) => void (sessionState.headersReceived = h)),
  },
};

const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
const protocol = {
  handlers: protocolHandlers,
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => void protocolHandlers.set(scheme, handler)),
};

const ipcRendererListeners = new EventEmitter();
const ipcRenderer = {
  invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, result: 'from-main' })),
  on: vi.fn((channel: string, listener: Fn) => void ipcRendererListeners.on(channel, listener as never)),
  removeListener: vi.fn((channel: string, listener: Fn) => void ipcRendererListeners.off(channel, listener as never)),
  /** Test side: what webContents.send would deliver to the preload. */
  emitFromMain: (channel: string, ...args: unknown[]) => ipcRendererListeners.emit(channel, { sender: 'IpcRendererEvent' }, ...args),
  listenerCount: (channel: string) => ipcRendererListeners.listenerCount(channel),
};
const exposed = new Map<string, unknown>();
const contextBridge = { exposeInMainWorld: vi.fn((key: string, api: unknown) => void exposed.set(key, api)), exposed };

/** A keychain stand-in: reversible, visibly not the plain text; `available` switches the OS's keyring off. */
const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  isEncryptionAvailable: vi.fn(() => safeStorage.available),
  getSelectedStorageBackend: vi.fn(() => safeStorage.backend),
  encryptString: vi.fn((s: string) => Buffer.from(`os-sealed:${[...s].reverse().join('')}`)),
  decryptString: vi.fn((b: Buffer) => [...b.toString().slice('os-sealed:'.length)].reverse().join('')),
};

export const electron = {
  app,
  safeStorage,
  BrowserWindow: FakeBrowserWindow,
  ipcMain,
  ipcRenderer,
  contextBridge,
  protocol,
  session: { defaultSession },
  dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(async (_opts: unknown) => ({ response: 0 })) },
  /** Test side only. */
  testing: { resolveReady, sessionState, userData },
};
export default electron;
