// main.ts when the database file is damaged: the latest backup is offered, restored on "Restore",
// the damaged file is kept aside, and the app opens normally.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { createCore } from '../../../electron/core/core.ts';

vi.mock('electron', async () => (await import('./fakeElectron.ts')).electron);

const { electron, FakeBrowserWindow } = await import('./fakeElectron.ts');
const dataDir = path.join(electron.testing.userData, 'damaged-profile');

// A profile with one contact and a manual backup of it, then a database file whose header is garbage.
const core = await createCore({ dataDir, background: false });
await core.dispatcher.call('contacts.create', { firstName: 'Kept', lastName: 'Safe', email: 'kept@example.com' });
const backup = await core.dispatcher.call('backups.create', {});
if (!backup.ok) throw new Error(backup.error.message);
const backupName = (backup.result as { name: string }).name;
await core.close();
const dbFile = path.join(dataDir, 'kyrios.sqlite');
const fd = fs.openSync(dbFile, 'r+');
fs.writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0);
fs.closeSync(fd);

process.env.KYRIOS_DATA_DIR = dataDir;
await import('../../../electron/main.ts');
afterAll(() => {
  delete process.env.KYRIOS_DATA_DIR;
});

it('offers the latest backup for a damaged database, restores it on request and opens the app', async () => {
  electron.testing.resolveReady();
  const deadline = Date.now() + 10_000;
  while (FakeBrowserWindow.instances.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));

  expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1);
  const [options] = electron.dialog.showMessageBox.mock.calls[0] as [{ buttons: string[]; detail: string }];
  expect(options.buttons).toEqual([`Restore ${backupName}`, 'Quit']);
  expect(options.detail).toContain('damaged');
  expect(electron.app.exit).not.toHaveBeenCalled();
  expect(FakeBrowserWindow.instances).toHaveLength(1);

  // The damaged file was moved into the backups folder, not deleted; the contact is back.
  const kept = fs.readdirSync(path.join(dataDir, 'backups')).filter((n) => n.startsWith('damaged-'));
  expect(kept).toHaveLength(1);
  expect(fs.readFileSync(path.join(dataDir, 'backups', kept[0]!)).subarray(0, 100)).toEqual(Buffer.alloc(100, 0x41));
  const list = electron.ipcMain.handlers.get('kyrios:contacts.list');
  expect(list).toBeDefined();
});
