// main.ts when another Kyrios already runs on the same data folder.
import { expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fakeElectron.ts')).electron);

const { electron, FakeBrowserWindow } = await import('./fakeElectron.ts');
electron.app.requestSingleInstanceLock.mockReturnValue(false);
await import('../../../electron/main.ts');
const quitCalls = electron.app.quit.mock.calls.length;
const readyCalls = electron.app.whenReady.mock.calls.length;

it('quits at once when another instance holds the lock, opening nothing', async () => {
  expect(quitCalls).toBe(1);
  expect(readyCalls).toBe(0);
  expect(electron.app.listenerCount('second-instance')).toBe(0);
  electron.testing.resolveReady();
  await new Promise((r) => setTimeout(r, 50));
  expect(FakeBrowserWindow.instances).toHaveLength(0);
  expect(electron.ipcMain.handlers.size).toBe(0);
});
