// Settings: the retention period, the profile name, "Back up now" and "Restore from backup".
// A restore replaces ALL of the host's data (the host is shared by every spec of the run), so this spec
// is named to run last; everything made before its backup survives the restore, and the settings are
// put back as they were at the end.
import type { Page } from '@playwright/test';
import type { Settings } from '../../shared/domain.ts';
import { apiCall, expect, expectNoSeriousA11yViolations, openApp, test, uniq } from './fixtures.ts';

test.describe.configure({ timeout: 120_000 });

let original: Settings;

test.beforeAll(async ({ request }) => {
  original = await apiCall(request, 'settings.get', {});
});

test.afterAll(async ({ request }) => {
  await apiCall(request, 'settings.update', { retentionDays: original.retentionDays, profileName: original.profileName });
});

async function openSettings(page: Page, hash = '#/contacts'): Promise<void> {
  await openApp(page, hash);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/#\/settings$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page).toHaveTitle('Settings · Kyrios');
}

test('the retention period changes the purge dates in the Restore tab; the profile name shows in the app bar', async ({ page, request }) => {
  const tag = uniq('keep');
  const c = await apiCall(request, 'contacts.create', { firstName: 'Dora', lastName: tag, tags: [tag] });
  await apiCall(request, 'contacts.deleteOne', { id: c.id });

  await openSettings(page);
  const retention = page.getByRole('region', { name: 'Data retention' });
  await expect(retention).toContainText('purges it for good');
  const days = retention.getByLabel('Keep deleted contacts for (days)');
  await expect(days).toHaveValue(String(original.retentionDays));

  // Out of range: the core's message under the field, nothing saved.
  await days.fill('0');
  await retention.getByRole('button', { name: 'Save' }).click();
  await expect(days).toHaveAttribute('aria-invalid', 'true');
  await expect(days).toBeFocused();
  await expect(retention).toContainText(/>=\s*1|at least 1|too small/i);
  expect((await apiCall(request, 'settings.get', {})).retentionDays).toBe(original.retentionDays);

  // Shorter than now: a warning that older deleted contacts will be purged; Enter saves.
  await days.fill('30');
  if (original.retentionDays > 30) await expect(retention.getByRole('status')).toContainText('purged for good when you save');
  await days.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Saved: deleted contacts are kept for 30 days.' })).toBeVisible();
  await expect(days).toHaveAttribute('aria-invalid', 'false');
  expect((await apiCall(request, 'settings.get', {})).retentionDays).toBe(30);

  const profile = page.getByRole('region', { name: 'Profile' });
  await profile.getByLabel('Your name').fill(`Tess ${tag}`);
  await profile.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('banner')).toContainText(`Tess ${tag}`);
  expect((await apiCall(request, 'settings.get', {})).profileName).toBe(`Tess ${tag}`);

  // The Restore tab counts from the new period.
  await page.getByRole('link', { name: 'Back to Contacts' }).click();
  await page.getByRole('tab', { name: 'Restore' }).click();
  await page.getByLabel('Search deleted contacts').fill(tag);
  await expect(page.getByTestId('deleted-row')).toHaveCount(1);
  await expect(page.getByTestId('deleted-row')).toContainText(/Purges in (29|30) days/);
  await expect(page.getByText('Deleted contacts stay here for 30 days').first()).toBeVisible();
});

test('a shorter retention that purges contacts asks first, with the count, by keyboard; Cancel saves nothing', async ({ page, request }) => {
  const before = (await apiCall(request, 'settings.get', {})).retentionDays;
  const target = Math.max(1, before - 5);
  // The host runs on the real clock, so no deletion is old enough to be purged: the count is the core's
  // answer as the view receives it (the core's side is tests/unit/lifecycle/retention-lowered.test.ts).
  await page.route('**/api/settings.retentionPreview', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ retentionDays: target, contacts: 3, records: 0 }) }),
  );
  const updates: unknown[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/settings.update')) updates.push(r.postDataJSON());
  });
  await openSettings(page);
  const retention = page.getByRole('region', { name: 'Data retention' });
  const days = retention.getByLabel('Keep deleted contacts for (days)');

  // Enter in the field asks; the dialog is named and described by its count; Cancel has the focus; Escape cancels.
  await days.fill(String(target));
  await days.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Purge 3 deleted contacts for good?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleDescription(/removes 3 deleted contacts for good as soon as you save/);
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expectNoSeriousA11yViolations(page);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(days).toBeFocused();
  expect(updates).toEqual([]);
  expect((await apiCall(request, 'settings.get', {})).retentionDays).toBe(before);

  // Asked again; Tab to "Purge 3 contacts and save", Enter: the save carries the confirmed count.
  await days.press('Enter');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Purge 3 contacts and save' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('alert').filter({ hasText: `Saved: deleted contacts are kept for ${target} day` })).toBeVisible();
  expect(updates).toEqual([{ retentionDays: target, confirmPurge: 3 }]);
  expect((await apiCall(request, 'settings.get', {})).retentionDays).toBe(target);
});

test('the Backups section states the backups schedule and how long a purged contact can remain in a backup', async ({ page }) => {
  await openSettings(page);
  const backups = page.getByRole('region', { name: 'Backups' });
  await expect(backups).toContainText('keeps the last 7 daily backups');
  await expect(backups).toContainText('Every backup, of any kind, is removed 30 days after it was made');
  await expect(backups).toContainText('restoring it never brings a purged contact back');
});

test('back up now, then restore that backup: what was made after it is gone, what was there before stays', async ({ page, request }) => {
  const tag = uniq('bak');
  await apiCall(request, 'contacts.create', { firstName: 'Before', lastName: tag, tags: [tag] });

  // The list is loaded before the restore, so it must refresh itself afterwards.
  await openApp(page, `#/contacts?tag=${tag}`);
  await expect(page.getByRole('checkbox', { name: `Select Before ${tag}` })).toBeVisible();
  await page.getByRole('button', { name: 'Settings' }).click();

  const backups = page.getByRole('region', { name: 'Backups' });
  await backups.getByRole('button', { name: 'Back up now' }).click();
  const saved = page.getByRole('alert').filter({ hasText: 'Backup saved: ' });
  await expect(saved).toBeVisible();
  const name = /kyrios-[0-9TZ-]+-manual\.sqlite/.exec((await saved.textContent()) ?? '')?.[0];
  expect(name).toBeTruthy();
  const row = backups.locator(`[data-testid="backup-row"][data-name="${name}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('Manual');
  await expect(row).toContainText(/\d+(\.\d)? (KB|MB)/);
  // Newest first.
  const created = await backups.getByTestId('backup-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
  const stamps = created.map((n) => n.replace(/^kyrios-(.*Z)-.*$/, '$1'));
  expect(stamps).toEqual([...stamps].sort().reverse());

  // Made after the backup: the restore takes it away. (Made through the API, so the list refreshes on data.changed.)
  await apiCall(request, 'contacts.create', { firstName: 'After', lastName: tag, tags: [tag] });

  await row.getByRole('button', { name: /^Restore / }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('All your current data will be replaced');
  await expect(dialog).toContainText('backs up the current database');
  const field = dialog.getByLabel('Type RESTORE to confirm');
  const confirm = dialog.getByRole('button', { name: 'Restore', exact: true });
  await expect(field).toBeFocused();
  await expect(confirm).toBeDisabled();
  await field.fill('restore');
  await expect(confirm).toBeDisabled();
  await expect(dialog).toContainText('Use capital letters: RESTORE, not restore.');
  await field.fill('RESTOR');
  await expect(confirm).toBeDisabled();
  // Spaces around the word are not a different answer (issue 16 item 9).
  await field.fill('RESTORE ');
  await expect(confirm).toBeEnabled();
  await field.fill('RESTORE');
  await expect(confirm).toBeEnabled();
  await confirm.click();

  await expect(dialog.getByRole('heading', { name: 'Restore finished' })).toBeVisible({ timeout: 30_000 });
  const pre = /kyrios-[0-9TZ-]+-pre-restore\.sqlite/.exec((await dialog.textContent()) ?? '')?.[0];
  expect(pre).toBeTruthy();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  await expect(backups.locator(`[data-testid="backup-row"][data-name="${pre}"]`)).toContainText('Before a restore');

  // Back in the list (loaded before the restore): After is gone, Before is there.
  await page.getByRole('link', { name: 'Back to Contacts' }).click();
  await expect(page).toHaveURL(new RegExp(`#/contacts\\?.*tag=${tag}`));
  await expect(page.getByRole('checkbox', { name: `Select Before ${tag}` })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: `Select After ${tag}` })).toHaveCount(0);
  const list = await apiCall(request, 'contacts.list', { tag });
  expect(list.rows.map((c) => c.firstName)).toEqual(['Before']);
});

test('a restore that fails shows the core message and changes nothing', async ({ page, request }) => {
  const tag = uniq('gone');
  await apiCall(request, 'contacts.create', { firstName: 'Stays', lastName: tag, tags: [tag] });
  await openSettings(page);
  const backups = page.getByRole('region', { name: 'Backups' });
  await expect(backups.getByTestId('backup-row').first()).toBeVisible();
  // The file disappears between listing and restoring: NOT_FOUND, with what to do.
  await page.route('**/api/backups.restore', (route) =>
    route.continue({ postData: JSON.stringify({ name: 'kyrios-2000-01-01T00-00-00-000Z-manual.sqlite', confirm: 'RESTORE' }) }),
  );
  await backups.getByRole('button', { name: /^Restore / }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Type RESTORE to confirm').fill('RESTORE');
  await dialog.getByLabel('Type RESTORE to confirm').press('Enter');
  await expect(dialog.getByRole('alert')).toContainText('There is no backup named kyrios-2000-01-01T00-00-00-000Z-manual.sqlite');
  await expect(dialog.getByRole('heading', { name: 'Restore from this backup?' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect((await apiCall(request, 'contacts.list', { tag })).total).toBe(1);
});

test('axe: the Settings view and the restore dialog, light and dark', async ({ page }) => {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await openSettings(page);
    await expect(page.getByTestId('backup-row').first()).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.getByTestId('backup-row').first().getByRole('button', { name: /^Restore / }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
  }
});
