// The desktop app for real: Electron starts main.ts, the window opens on app://kyrios/, the contacts
// page renders, and a contact round-trips through the preload bridge and IPC into the core and back.
import { _electron, expect, test, type ElectronApplication } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Envelope, KyriosApi } from '../../shared/contract.ts';
import type { Contact } from '../../shared/domain.ts';
import { findElectronBinary, REPO_ROOT } from './electronBinary.ts';

const binary = findElectronBinary();
if (!binary.path) console.log(`Electron smoke test skipped: ${binary.reason}`);

test.describe('Electron smoke', () => {
  test.skip(!binary.path, binary.reason ?? '');

  let app: ElectronApplication;
  let dataDir: string;

  test.beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-electron-smoke-'));
    app = await _electron.launch({
      executablePath: binary.path!,
      args: [REPO_ROOT, ...(process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, KYRIOS_DATA_DIR: dataDir },
    });
  });

  test.afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('the window opens on the app, isolated from Node', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toBe('app://kyrios/index.html');
    expect(await app.windows()).toHaveLength(1);
    const globals = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      kyrios: Object.keys((window as unknown as { kyrios: object }).kyrios).sort(),
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', kyrios: ['invoke', 'on'] });
    // window.open is denied: still one window
    await page.evaluate(() => void window.open('https://example.com'));
    expect(await app.windows()).toHaveLength(1);
  });

  test('the contacts page renders', async () => {
    const page = await app.firstWindow();
    await expect(page.getByRole('tab', { name: 'Contacts' })).toBeVisible();
  });

  test('a contact round-trips through IPC and shows up in the list', async () => {
    const page = await app.firstWindow();
    const created = await page.evaluate(
      () =>
        (window as unknown as { kyrios: KyriosApi }).kyrios.invoke('contacts.create', {
          firstName: 'Smoke',
          lastName: 'Tester',
          email: 'smoke@example.com',
        }) as Promise<Envelope<Contact>>,
    );
    expect(created.ok).toBe(true);
    const id = created.ok ? created.result.id : '';
    const got = await page.evaluate(
      (contactId) => (window as unknown as { kyrios: KyriosApi }).kyrios.invoke('contacts.get', { id: contactId }),
      id,
    );
    expect(got).toMatchObject({ ok: true, result: { contact: { id, email: 'smoke@example.com' } } });
    await expect(page.getByText('Smoke Tester').first()).toBeVisible();
    // and bad input comes back as a typed error, not an exception
    const bad = await page.evaluate(() => (window as unknown as { kyrios: KyriosApi }).kyrios.invoke('contacts.get', { id: 'nope' }));
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
