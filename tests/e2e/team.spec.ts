// Team mode in the app (issue 15): two people, two browser contexts, two headless replicas of one real
// hub (embedded PostgreSQL). Ana (admin) joins with the owner's admin invite and invites Ben (member)
// from Settings > Team; Ana deletes, Ben sees it gone and "Ana on Ana's laptop" as who deleted it in his Restore tab;
// Ben cannot delete permanently (disabled, and says why); Ana can; Ben's offline edits reach Ana after
// the hub is back. The sync state in the app bar says what is going on throughout.
// KYRIOS_SHOTS=1 also saves Settings > Team, the sync state and a member's Restore tab as
// docs/screenshots/team-*.png (light and dark).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { startHeadlessHost, type HeadlessHost } from '../../electron/headless/host.ts';
import { startTestHub, type TestHub } from '../helpers/hubServer.ts';
import { expect, expectNoSeriousA11yViolations, test, uniq } from './fixtures.ts';

const repo = path.resolve(import.meta.dirname, '..', '..');
const SHOTS = path.join(repo, 'docs', 'screenshots');

/** The page (or one part of it) in light and dark, when asked for (KYRIOS_SHOTS=1). */
async function screenshots(page: Page, name: string, part?: Locator) {
  if (!process.env.KYRIOS_SHOTS) return;
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await page.waitForTimeout(300);
    const file = path.join(SHOTS, `${name}-${colorScheme}.png`);
    await (part ? part.screenshot({ path: file }) : page.screenshot({ path: file }));
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
let hub: TestHub;
let staticDir: string;
const hosts: { host: HeadlessHost; dataDir: string }[] = [];
const contexts: BrowserContext[] = [];

test.describe.configure({ mode: 'serial', timeout: 180_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-e2e-team-renderer-'));
  await build({
    configFile: path.join(repo, 'renderer', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: staticDir, emptyOutDir: true },
  });
  hub = await startTestHub({ heartbeatMs: 1000 });
});

test.afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  for (const h of hosts) {
    await h.host.close().catch(() => {});
    fs.rmSync(h.dataDir, { recursive: true, force: true });
  }
  await hub?.stop();
  if (staticDir) fs.rmSync(staticDir, { recursive: true, force: true });
});

/** A person at their own computer: a headless replica on a fresh data folder, and a browser context on it. */
async function person(browser: Browser): Promise<{ page: Page; host: HeadlessHost }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-e2e-team-data-'));
  const host = await startHeadlessHost({ dataDir, port: 0, staticDir });
  hosts.push({ host, dataDir });
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${host.url.replace(/#.*$/, '')}#/settings?section=team`);
  await expect(page.getByRole('heading', { name: 'Team' })).toBeVisible();
  return { page, host };
}

async function join(page: Page, inviteCode: string, name: string) {
  const team = page.getByRole('region', { name: 'Team' });
  await team.getByLabel('Invite code').fill(inviteCode);
  await team.getByLabel('Your name').fill(name);
  await team.getByLabel(/This computer’s name/).fill(`${name}'s laptop`);
  await team.getByRole('button', { name: 'Join the team' }).click();
  await expect(team.getByTestId('team-you')).toContainText(name);
}

const syncState = (page: Page) => page.getByTestId('sync-status');

test('two members on one hub: join and invite, live deletes, who did it, roles, offline edits', async ({ browser }) => {
  const tag = uniq('team');
  const ana = await person(browser);
  const ben = await person(browser);

  // A wrong invite says what to do; the owner's admin invite works.
  const anaTeam = ana.page.getByRole('region', { name: 'Team' });
  await anaTeam.getByLabel('Invite code').fill('not-an-invite');
  await anaTeam.getByLabel('Your name').fill('Ana');
  await anaTeam.getByRole('button', { name: 'Join the team' }).click();
  await expect(anaTeam.getByText(/paste the whole code you were sent/)).toBeVisible();
  await join(ana.page, await hub.inviteCode('admin'), 'Ana');
  await expect(syncState(ana.page)).toHaveText('Synced');
  await expect(anaTeam.getByTestId('member-Ana')).toContainText('Admin');

  // Ana invites Ben as a member from Settings > Team, and Ben joins with that code.
  await anaTeam.getByRole('button', { name: 'Create invite' }).click();
  const code = await anaTeam.getByTestId('new-invite-code').inputValue();
  expect(code).toMatch(/^kyr1\./);
  await join(ben.page, code, 'Ben');
  // A member's Settings: the team's retention period is not theirs to change, and their name is the team's.
  const retention = ben.page.getByRole('region', { name: 'Data retention' });
  await expect(retention.getByLabel('Keep deleted contacts for (days)')).toBeDisabled();
  await expect(retention).toContainText(
    "Only the team's owners and admins can change the retention period; you are a member.",
  );
  const profile = ben.page.getByRole('region', { name: 'Profile' });
  await expect(profile.getByLabel('Your name')).toBeDisabled();
  await expect(profile).toContainText('In the team you are Ben, the name you joined with');
  await expect(ben.page.getByRole('region', { name: 'Team' }).getByTestId('team-you')).toContainText('Member');
  await expect(
    ben.page
      .getByRole('region', { name: 'Team' })
      .getByText(/Only the team's owners and admins can invite people or manage members; you are a member\./),
  ).toBeVisible();
  await ana.page.reload();
  await expect(anaTeam.getByTestId('member-Ben')).toContainText('Member');
  await expect(anaTeam.getByRole('button', { name: 'Remove Ben' })).toBeVisible();
  await anaTeam.getByLabel('Role of the new member').click();
  await ana.page.getByRole('option', { name: 'Viewer' }).click();
  await anaTeam.getByRole('button', { name: 'Create invite' }).click();
  await expect(anaTeam.getByLabel('Invite code (Viewer)')).toHaveValue(/^kyr1\./);
  await expectNoSeriousA11yViolations(ana.page);
  await screenshots(ana.page, 'team-settings', anaTeam);

  // Ana adds two contacts; Ben's list shows them without a reload.
  await ana.host.core.dispatcher.call('contacts.create', { firstName: 'Ada', lastName: tag, tags: [tag] });
  await ana.host.core.dispatcher.call('contacts.create', { firstName: 'Cleo', lastName: tag, tags: [tag] });
  await ben.page.goto(`${ben.host.url.replace(/#.*$/, '')}#/contacts?tag=${tag}`);
  const benRows = ben.page.getByRole('checkbox', { name: new RegExp(`^Select .* ${tag}$`) });
  await expect(benRows).toHaveCount(2, { timeout: 20_000 });

  // Ana deletes Ada in her app; it goes from Ben's list while he looks, and his Restore tab says Ana did it.
  await ana.page.goto(`${ana.host.url.replace(/#.*$/, '')}#/contacts?tag=${tag}`);
  await ana.page.getByRole('checkbox', { name: `Select Ada ${tag}` }).check();
  await ana.page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = ana.page.getByRole('dialog');
  await dialog.getByLabel(/DELETE/).fill('DELETE');
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(benRows).toHaveCount(1, { timeout: 20_000 });
  await expect(ben.page.getByRole('checkbox', { name: `Select Cleo ${tag}` })).toBeVisible();
  await ben.page.getByRole('tab', { name: 'Restore' }).click();
  await ben.page.getByLabel('Search deleted contacts').fill(tag);
  await expect(ben.page).toHaveURL(new RegExp(`#/restore\\?q=${tag}$`)); // the search applied (it clears the selection)
  const benDeleted = ben.page.getByTestId('deleted-row');
  await expect(benDeleted).toHaveCount(1);
  await expect(ben.page.getByRole('columnheader', { name: 'Deleted by' })).toBeVisible();
  await expect(benDeleted).toContainText(`Ada ${tag}`);
  await expect(benDeleted.getByRole('cell', { name: "Ana on Ana's laptop", exact: true })).toBeVisible();

  // Ben (member) cannot delete permanently: the button is disabled and says why.
  await ben.page.getByRole('checkbox', { name: `Select Ada ${tag}` }).check();
  const benPurge = ben.page.getByRole('button', { name: 'Delete permanently' });
  await expect(benPurge).toBeDisabled();
  await expect(ben.page.getByRole('button', { name: 'Restore', exact: true })).toBeEnabled();
  const gate = ben.page.locator('[data-role-gate="purge"]');
  await expect(gate).toHaveAccessibleDescription(
    "Only the team's owners and admins can delete contacts permanently; you are a member.",
  );
  await gate.hover();
  await expect(ben.page.getByRole('tooltip')).toHaveText(
    "Only the team's owners and admins can delete contacts permanently; you are a member.",
  );
  await expectNoSeriousA11yViolations(ben.page);
  await screenshots(ben.page, 'team-restore-member');

  // Ana's bulk delete is in Ben's Bulk Actions, with who made it; Ben (member) cannot restore another's.
  await ben.page.getByRole('tab', { name: 'Bulk Actions' }).click();
  const anaBulk = ben.page.getByTestId('bulk-action-row').filter({ hasText: "Ana on Ana's laptop" });
  await expect(anaBulk).toHaveCount(1);
  await anaBulk.getByRole('button', { name: 'Actions' }).click();
  const restoreItem = ben.page.getByRole('menuitem', { name: /Restore/ });
  await expect(restoreItem).toBeDisabled();
  await expect(restoreItem).toContainText(
    "Ana made this bulk action: only the team's owners and admins can restore a bulk action made by someone else; you are a member.",
  );
  await ben.page.keyboard.press('Escape');
  await ben.page.getByRole('tab', { name: 'Restore' }).click();
  await expect(benDeleted).toHaveCount(1);

  // Ana (admin) can: the hub purges it, and it leaves Ben's Restore tab too.
  await ana.page.getByRole('tab', { name: 'Restore' }).click();
  await ana.page.getByLabel('Search deleted contacts').fill(tag);
  await expect(ana.page).toHaveURL(new RegExp(`#/restore\\?q=${tag}$`)); // the search applied (it clears the selection)
  await expect(ana.page.getByTestId('deleted-row')).toHaveCount(1);
  await ana.page.getByRole('checkbox', { name: `Select Ada ${tag}` }).check();
  const anaPurge = ana.page.getByRole('button', { name: 'Delete permanently' });
  await expect(anaPurge).toBeEnabled();
  await anaPurge.click();
  const purgeDialog = ana.page.getByRole('dialog');
  await purgeDialog.getByLabel(/DELETE/).fill('DELETE');
  await purgeDialog.getByRole('button', { name: 'Delete permanently' }).click();
  await expect(purgeDialog).toBeHidden();
  await expect(ana.page.getByTestId('deleted-row')).toHaveCount(0, { timeout: 20_000 });
  await expect(benDeleted).toHaveCount(0, { timeout: 20_000 });

  // Ben works offline (the hub stops): the app bar says so and counts his waiting change; nothing blocks him.
  await ben.page.getByRole('tab', { name: 'Contacts' }).click();
  await hub.down();
  const cleo = (await ben.host.core.dispatcher.call('contacts.list', { tag })) as {
    ok: true;
    result: { rows: { id: string }[] };
  };
  const cleoId = cleo.result.rows[0]!.id;
  const edited = await ben.host.core.dispatcher.call('contacts.update', { id: cleoId, company: `Offline Co ${tag}` });
  expect(edited.ok).toBe(true);
  // Meanwhile both add a contact with one email: sync keeps both and marks the later one (Ben's) for review.
  const email = `dup.${tag}@example.com`;
  expect((await ana.host.core.dispatcher.call('contacts.create', { firstName: 'Dora', lastName: tag, email })).ok).toBe(
    true,
  );
  await new Promise((r) => setTimeout(r, 20));
  expect(
    (await ben.host.core.dispatcher.call('contacts.create', { firstName: 'Dorothy', lastName: tag, email })).ok,
  ).toBe(true);
  await expect(syncState(ben.page)).toHaveAttribute('data-state', 'offline', { timeout: 20_000 });
  // one change per edited column (docs/sync.md: cells), here the company and the time it changed
  const benStatus = await ben.host.core.dispatcher.call('team.status', {});
  if (!benStatus.ok) throw new Error(benStatus.error.message);
  const waiting = (benStatus.result as { pendingChanges: number }).pendingChanges;
  expect(waiting).toBeGreaterThan(0);
  await expect(syncState(ben.page)).toHaveText(new RegExp(`^Offline since .+ · ${waiting} changes? waiting$`));
  await syncState(ben.page).click();
  const details = ben.page.getByRole('dialog', { name: 'Team sync' });
  await expect(details).toContainText('Keep working: your changes are kept here');
  await expect(details).toContainText(`${waiting} change${waiting === 1 ? '' : 's'} to send`);
  await expectNoSeriousA11yViolations(ben.page);
  await screenshots(ben.page, 'team-sync-offline');
  await ben.page.keyboard.press('Escape');

  // The hub comes back: Ben's edit reaches Ana, and both say Synced.
  await hub.up();
  await expect(syncState(ben.page)).toHaveText('Synced', { timeout: 30_000 });
  await ana.page.getByRole('tab', { name: 'Contacts' }).click();
  await ana.page.goto(`${ana.host.url.replace(/#.*$/, '')}#/contacts/${cleoId}`);
  await expect(ana.page.getByText(`Offline Co ${tag}`).first()).toBeVisible({ timeout: 30_000 });
  await expect(syncState(ana.page)).toHaveText('Synced', { timeout: 30_000 });

  // The duplicate shows where Ana looks: "Needs review" above her contacts, naming both, with links.
  await ana.page.goto(`${ana.host.url.replace(/#.*$/, '')}#/contacts?tag=${tag}`);
  const review = ana.page.getByTestId('needs-review');
  await expect(review).toContainText('Needs review: 1 contact', { timeout: 30_000 });
  await review.getByRole('button', { name: 'Review' }).click();
  const reviewList = review.getByRole('list', { name: 'Contacts that need review' });
  await expect(reviewList).toContainText(`Dorothy ${tag} shares the email ${email} with Dora ${tag}.`);
  await expect(reviewList.getByRole('link', { name: `Dora ${tag}` })).toBeVisible();
  await expectNoSeriousA11yViolations(ana.page);

  // Ben has Cleo open when Ana deletes her: his page says so, and who did it, instead of failing.
  await ben.page.goto(`${ben.host.url.replace(/#.*$/, '')}#/contacts/${cleoId}`);
  await expect(ben.page.getByText(`Offline Co ${tag}`).first()).toBeVisible();
  expect((await ana.host.core.dispatcher.call('contacts.deleteOne', { id: cleoId })).ok).toBe(true);
  await expect(ben.page.getByTestId('deleted-while-open')).toContainText(
    `Ana deleted “Cleo ${tag}” while you had it open`,
    { timeout: 30_000 },
  );

  // Ana makes Ben a viewer in Settings > Team; Ben's app follows: nothing to change, and it says why.
  await ana.page.goto(`${ana.host.url.replace(/#.*$/, '')}#/settings?section=team`);
  await anaTeam.getByRole('combobox', { name: 'Role of Ben' }).click();
  await ana.page.getByRole('option', { name: 'Viewer' }).click();
  await expect(ana.page.getByRole('alert').filter({ hasText: 'Ben is now viewer.' })).toBeVisible();
  // Ben's machine does not know yet: his restore of Cleo is made here, refused by the hub, undone, and his
  // Restore tab says so (Cleo is still there to restore, by someone who may).
  const restored = await ben.host.core.dispatcher.call('restore.contacts', { ids: [cleoId] });
  expect(restored.ok).toBe(true);
  await ben.page.goto(`${ben.host.url.replace(/#.*$/, '')}#/restore?q=${tag}`);
  await expect(ben.page.getByTestId('refused-by-hub')).toContainText('refused by the hub', { timeout: 30_000 });
  await expect(ben.page.getByTestId('refused-by-hub')).toContainText('They were undone on this computer');
  await expect(ben.page.getByRole('checkbox', { name: `Select Cleo ${tag}` })).toBeVisible();
  await expectNoSeriousA11yViolations(ben.page);
  await ben.page.goto(`${ben.host.url.replace(/#.*$/, '')}#/settings?section=team`);
  await expect(ben.page.getByRole('region', { name: 'Team' }).getByTestId('team-you')).toContainText('Ben · Viewer');
  await ben.page.getByRole('link', { name: 'Back to Contacts' }).click();
  const viewerGate = ben.page.locator('[data-role-gate="edit"]').filter({ hasText: 'New contact' });
  await expect(viewerGate.getByRole('button', { name: 'New contact' })).toBeDisabled();
  await expect(viewerGate).toHaveAccessibleDescription(
    'You are a viewer in this team: viewers can look but not change anything.',
  );

  // Ben leaves the team: asked first, saying what happens to the data; afterwards his CRM is his own.
  await ben.page.goto(`${ben.host.url.replace(/#.*$/, '')}#/settings?section=team`);
  const benTeam = ben.page.getByRole('region', { name: 'Team' });
  await benTeam.getByRole('button', { name: 'Leave the team' }).click();
  const leave = ben.page.getByRole('dialog', { name: 'Leave the team?' });
  await expect(leave).toContainText('Everything on this computer stays here as your own CRM');
  await expectNoSeriousA11yViolations(ben.page);
  await leave.getByRole('button', { name: 'Leave the team' }).click();
  await expect(leave).toBeHidden();
  await expect(benTeam.getByRole('button', { name: 'Join the team' })).toBeVisible();
  await expect(syncState(ben.page)).toHaveCount(0);
  await ben.page.getByRole('link', { name: 'Back to Contacts' }).click();
  await expect(ben.page.getByRole('button', { name: 'New contact' })).toBeEnabled();
});

test('a removed member stays listed as removed, and what they did keeps their name', async ({ browser }) => {
  const tag = uniq('gone');
  const ana = await person(browser);
  const dee = await person(browser);
  await join(ana.page, await hub.inviteCode('admin'), 'Ana');
  await join(dee.page, await hub.inviteCode('member'), 'Dee');
  // Dee deletes a contact she made; Ana's machine learns it (who did it, on which computer)
  const made = await dee.host.core.dispatcher.call('contacts.create', { firstName: 'Eli', lastName: tag });
  if (!made.ok) throw new Error(made.error.message);
  const eliId = (made.result as { id: string }).id;
  expect((await dee.host.core.dispatcher.call('contacts.deleteOne', { id: eliId })).ok).toBe(true);

  // Ana removes Dee in Settings > Team: Dee leaves the table and shows under "Removed members", with her laptop
  const anaTeam = ana.page.getByRole('region', { name: 'Team' });
  await ana.page.reload();
  await anaTeam.getByRole('button', { name: 'Remove Dee' }).click();
  await ana.page.getByRole('dialog').getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(anaTeam.getByTestId('member-Dee')).toHaveCount(0);
  const removed = anaTeam.getByRole('region', { name: 'Removed members' });
  await expect(removed.getByTestId('removed-member-Dee')).toHaveText(/^Dee\s*removed\s*on .+ · used Dee's laptop$/);
  await expectNoSeriousA11yViolations(ana.page);

  // Her deletion, in Ana's Restore tab, still says who made it and on which computer
  await ana.page.goto(`${ana.host.url.replace(/#.*$/, '')}#/restore?q=${tag}`);
  const row = ana.page.getByTestId('deleted-row');
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await expect(row.getByRole('cell', { name: "Dee on Dee's laptop", exact: true })).toBeVisible();
});
