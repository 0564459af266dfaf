// Settings → Team when syncing stopped for a reason retrying cannot fix (issue 14, docs/sync.md): the hub
// no longer serves this app's protocol ("Update Kyrios"), and a credential this computer can no longer
// open (the keychain was reset: join again with a new invite, in place, keeping everything). A real hub on
// embedded PostgreSQL, a headless replica, the app in Chromium.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import type { Page } from '@playwright/test';
import { startHeadlessHost, type HeadlessHost } from '../../electron/headless/host.ts';
import { PROTOCOL_VERSION } from '../../shared/sync/protocol.ts';
import { startTestHub, type TestHub } from '../helpers/hubServer.ts';
import { expect, expectNoSeriousA11yViolations, test, uniq } from './fixtures.ts';

const repo = path.resolve(import.meta.dirname, '..', '..');
const range: { version?: number; oldest?: number } = {};
let hub: TestHub;
let staticDir: string;
let dataDir: string;
let host: HeadlessHost;

test.describe.configure({ mode: 'serial', timeout: 180_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-e2e-team-recovery-renderer-'));
  await build({
    configFile: path.join(repo, 'renderer', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: staticDir, emptyOutDir: true },
  });
  hub = await startTestHub({ heartbeatMs: 1000, protocol: range });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-e2e-team-recovery-data-'));
  host = await startHeadlessHost({ dataDir, port: 0, staticDir, vault: keychain });
});

test.afterAll(async () => {
  await host?.close().catch(() => {});
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  await hub?.stop();
  if (staticDir) fs.rmSync(staticDir, { recursive: true, force: true });
});

async function restartHub(next: { version?: number; oldest?: number }) {
  await hub.down();
  range.version = next.version;
  range.oldest = next.oldest;
  await hub.up();
}
const seal = (s: string) => Buffer.from(s.split('').reverse().join('')).toString('base64');
const openSealed = (s: string) => Buffer.from(s, 'base64').toString().split('').reverse().join('');
/** This computer's keychain (as Electron's safeStorage): reset, it gets a new key and opens only what it seals. */
let generation = 1;
const keychain = {
  seal: (s: string) => `k${generation}.${seal(s)}`,
  open: (s: string) => {
    if (!s.startsWith(`k${generation}.`)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return openSealed(s.slice(`k${generation}.`.length));
  },
};
const teamOf = (page: Page) => page.getByRole('region', { name: 'Team' });

test('a hub that no longer serves this app says "Update Kyrios"; a lost credential is joined again in place from Settings → Team', async ({ page }) => {
  const tag = uniq('recovery');
  await host.core.dispatcher.call('team.join', { inviteCode: await hub.inviteCode('member'), memberName: 'Eve', deviceName: 'Eve-laptop' });
  const created = await host.core.dispatcher.call('contacts.create', { firstName: 'Kept', lastName: tag });
  expect(created.ok).toBe(true);

  await page.goto(`${host.url.replace(/#.*$/, '')}#/settings?section=team`);
  const team = teamOf(page);
  await expect(team.getByTestId('team-you')).toContainText('Eve');
  await expect(team.getByTestId('team-action-needed')).toHaveCount(0);

  // A later release of the hub that no longer serves this app's protocol.
  await restartHub({ version: PROTOCOL_VERSION + 1, oldest: PROTOCOL_VERSION + 1 });
  await host.core.dispatcher.call('contacts.create', { firstName: 'Waiting', lastName: tag }); // a change starts a sync
  await expect(team.getByTestId('team-action-needed')).toContainText('Update Kyrios to keep syncing', { timeout: 15_000 });
  await expect(team).toContainText(/update Kyrios/);
  await expectNoSeriousA11yViolations(page);
  await restartHub({});
  await expect(team.getByTestId('team-action-needed')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('sync-status')).toHaveText('Synced', { timeout: 30_000 });

  // The keychain is reset: the credential cannot be opened; a change made meanwhile waits.
  generation = 2;
  await host.core.dispatcher.call('contacts.create', { firstName: 'Offline', lastName: tag });
  const needed = team.getByTestId('team-action-needed');
  await expect(needed).toContainText('can no longer open its team credential', { timeout: 15_000 });
  await expect(needed).toContainText('nothing on this computer is lost');
  await expectNoSeriousA11yViolations(page);

  // Joining again with a new invite, right there.
  await team.getByLabel('Invite code').fill(await hub.inviteCode('member'));
  await team.getByLabel('Your name').fill('Eve');
  await team.getByRole('button', { name: 'Join the team' }).click();
  await expect(needed).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByTestId('sync-status')).toHaveText('Synced', { timeout: 15_000 });
  // the change made while the credential was lost reached the hub
  const dump = await hub.dump();
  expect(dump.tables.contacts.filter((c) => c.last_name === tag).map((c) => c.first_name).sort()).toEqual(['Kept', 'Offline', 'Waiting']);
});
