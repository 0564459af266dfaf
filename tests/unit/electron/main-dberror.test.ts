// main.ts when the database cannot be opened: a clear message, no window, exit code 1.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fakeElectron.ts')).electron);

const { electron, FakeBrowserWindow } = await import('./fakeElectron.ts');
const notADir = path.join(electron.testing.userData, 'a-file');
fs.writeFileSync(notADir, 'not a folder');
process.env.KYRIOS_DATA_DIR = notADir;
await import('../../../electron/main.ts');
afterAll(() => {
  delete process.env.KYRIOS_DATA_DIR;
});

it('says so and exits when the database cannot be opened', async () => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  electron.testing.resolveReady();
  const deadline = Date.now() + 10_000;
  while (electron.app.exit.mock.calls.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('Kyrios cannot open its database', expect.any(String));
  expect(electron.app.exit).toHaveBeenCalledWith(1);
  expect(FakeBrowserWindow.instances).toHaveLength(0);
  expect(electron.ipcMain.handlers.size).toBe(0);
});
