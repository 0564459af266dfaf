// main.ts with a faked `electron` module and a real core on a temp folder: the app's lifecycle wiring.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fakeElectron.ts')).electron);

const { electron, FakeBrowserWindow, FakeWebContents } = await import('./fakeElectron.ts');
const { IPC_EVENT_CHANNEL, IPC_PREFIX } = await import('../../../electron/ipcNames.ts');
const { CHANNEL_NAMES } = await import('../../../shared/contract.ts');
const { DB_FILE_NAME } = await import('../../../electron/core/core.ts');

const dataDir = path.join(electron.testing.userData, 'profile');
process.env.KYRIOS_DATA_DIR = dataDir;
await import('../../../electron/main.ts');
// vitest clears mock calls before each test: keep what happened at import time.
const atImport = {
  schemes: [...electron.protocol.registerSchemesAsPrivileged.mock.calls],
  setPath: [...electron.app.setPath.mock.calls],
  setPathOrder: [...electron.app.setPath.mock.invocationCallOrder],
  lockOrder: [...electron.app.requestSingleInstanceLock.mock.invocationCallOrder],
};

async function until(predicate: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
const window = () => FakeBrowserWindow.instances[0]!;
type Invoke = (event: unknown, input: unknown) => Promise<{ ok: boolean; result?: unknown }>;
const invoke = (channel: string, input: unknown) =>
  (electron.ipcMain.handlers.get(IPC_PREFIX + channel) as unknown as Invoke)({ senderFrame: { url: 'app://kyrios/index.html', parent: null } }, input);

afterAll(() => {
  delete process.env.KYRIOS_DATA_DIR;
});

describe('main.ts before the app is ready', () => {
  it('declares app:// as a privileged standard, secure scheme', () => {
    expect(atImport.schemes).toEqual([[[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]]);
  });

  it('uses KYRIOS_DATA_DIR as userData, then takes the single-instance lock', () => {
    expect(atImport.setPath).toEqual([['userData', dataDir]]);
    expect(atImport.lockOrder).toHaveLength(1);
    expect(atImport.setPathOrder[0]).toBeLessThan(atImport.lockOrder[0]!);
  });

  it('opens nothing until ready', () => {
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(electron.ipcMain.handle).not.toHaveBeenCalled();
  });
});

describe('main.ts once ready', () => {
  it('hardens the session, serves app://, opens the core in userData, registers IPC, opens one window', async () => {
    electron.testing.resolveReady();
    await until(() => FakeBrowserWindow.instances.length > 0);
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(electron.session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalled();
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(fs.existsSync(path.join(dataDir, DB_FILE_NAME))).toBe(true);
    expect(electron.ipcMain.handlers.size).toBe(CHANNEL_NAMES.length);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const prefs = window().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(prefs.preload)).toMatch(/preload[/\\]preload\.cjs$/);
    expect(window().loadURL).toHaveBeenCalledWith('app://kyrios/index.html');
  });

  it('the app:// handler answers from out/renderer with the CSP header', async () => {
    const handler = electron.protocol.handlers.get('app')!;
    const res = await handler(new Request('app://kyrios/../../package.json'));
    expect([200, 404]).toContain(res.status); // 404 if `npm run build:renderer` has not run; never package.json
    expect(await res.text()).not.toContain('"devDependencies"');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('a contact round-trips through IPC and the change is pushed to the window', async () => {
    const created = await invoke('contacts.create', { firstName: 'Ada', lastName: 'Lovelace' });
    expect(created.ok).toBe(true);
    const id = (created.result as { id: string }).id;
    expect(await invoke('contacts.get', { id })).toMatchObject({ ok: true, result: { contact: { id, lastName: 'Lovelace' } } });
    expect(window().webContents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, 'data.changed', { scope: ['contacts'] });
  });

  it('guards every webContents the app creates', () => {
    const contents = new FakeWebContents();
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://x.example' })).toEqual({ action: 'deny' });
    expect(contents.navigate('will-navigate', 'https://x.example')).toBe(true);
  });

  it('a second launch restores and focuses the window instead of opening another', () => {
    window().minimized = true;
    electron.app.emit('second-instance', {}, ['kyrios'], '/');
    expect(window().restore).toHaveBeenCalled();
    expect(window().focus).toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('quit waits for the core to close, then quits for real', async () => {
    const wal = path.join(dataDir, `${DB_FILE_NAME}-wal`);
    electron.app.quit();
    expect(electron.app.quitCount).toBe(0); // held back while the core closes
    await until(() => electron.app.quitCount === 1);
    expect(electron.app.quit).toHaveBeenCalledTimes(2);
    // better-sqlite3 checkpoints and removes the WAL when the last connection closes cleanly
    expect(fs.existsSync(wal)).toBe(false);
  });
});
