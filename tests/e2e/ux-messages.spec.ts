// Issue 16 items 9, 10, 13: typed confirmations trim and say why; every message written for a person,
// nothing sent while a field is half-typed; a gone contact's page says so; an inverted date range says
// so; a tag typed without Enter is kept; Settings shows the backups folder.
import { apiCall, expect, openApp, seedContactWithRelated, test, uniq } from './fixtures.ts';
import { E2E_TOKEN } from './env.ts';
import { SIZES, watchConsole } from './uxFixtures.ts';

test.describe.configure({ timeout: 90_000 });

for (const size of SIZES) {
  test.describe(`at ${size.name}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test('typed DELETE: a trailing space is fine, a wrong word says why under the field', async ({ page, request }) => {
      const tag = uniq('typed');
      await apiCall(request, 'contacts.create', { firstName: 'Tia', lastName: tag, tags: [tag] });
      await openApp(page, `#/contacts?tag=${tag}`);
      await page.getByRole('checkbox', { name: `Select Tia ${tag}` }).check();
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      const dialog = page.getByRole('dialog');
      const field = dialog.getByLabel(/DELETE/);
      const confirm = dialog.getByRole('button', { name: 'Delete', exact: true });
      await field.fill('delete');
      await expect(dialog).toContainText('Use capital letters: DELETE, not delete.');
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await expect(confirm).toBeDisabled();
      await field.fill('DELETE IT');
      await expect(dialog).toContainText('Type only the word DELETE, nothing else.');
      await field.fill('DELETE ');
      await expect(confirm).toBeEnabled();
      await confirm.click();
      await expect(page.getByTestId('snackbar')).toContainText('Deleted 1 contact.');
    });

    test('Delete permanently and restoring a backup trim the typed word too', async ({ page, request }) => {
      const tag = uniq('typedp');
      const c = await apiCall(request, 'contacts.create', { firstName: 'Pat', lastName: tag });
      await apiCall(request, 'contacts.deleteOne', { id: c.id });
      await openApp(page, `#/restore?q=${tag}`);
      await page.getByRole('checkbox', { name: `Select Pat ${tag}` }).check();
      await page.getByRole('button', { name: 'Delete permanently' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/DELETE/).fill('Delete');
      await expect(dialog).toContainText('Use capital letters: DELETE, not Delete.');
      await dialog.getByLabel(/DELETE/).fill(' DELETE ');
      await dialog.getByRole('button', { name: 'Delete permanently' }).click();
      await expect(page.getByTestId('snackbar')).toContainText('Permanently deleted 1 contact.');
    });

    test('a half-typed date sends nothing and shows no developer message; an inverted range says so', async ({ page, request }) => {
      const tag = uniq('dates');
      await apiCall(request, 'contacts.create', { firstName: 'Dot', lastName: tag, tags: [tag] });
      const watch = watchConsole(page);
      const asked: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/api/contacts.list')) asked.push(r.postData() ?? '');
      });
      await openApp(page, `#/contacts?tag=${tag}`);
      await expect(page.getByRole('link', { name: `Dot ${tag}` })).toBeVisible();
      const from = page.getByLabel('Created from');
      // Type the date the way a person does, digit by digit (month, day, then the year's digits).
      await from.focus();
      await page.keyboard.type('03042', { delay: 40 });
      await expect(page.getByText(/Invalid input|Too small|expected number/)).toHaveCount(0);
      await page.keyboard.type('026', { delay: 40 });
      await expect(page).toHaveURL(/from=2026-03-04/);
      expect(asked.every((body) => !/"createdFrom":-/.test(body))).toBe(true);

      await page.getByLabel('Created to').focus();
      await page.keyboard.type('01012026', { delay: 40 });
      await expect(page).toHaveURL(/to=2026-01-01/);
      await expect(page.getByText('is after the “Created to” date')).toBeVisible();
      await expect(page.getByText('Check the spelling')).toHaveCount(0);
      watch.expectNone();
    });

    test('a bad contact link, a deleted and a purged contact each say what happened, in words, with the way on', async ({ page, request }) => {
      const tag = uniq('gone');
      const watch = watchConsole(page);
      await openApp(page, '#/contacts/not-a-contact');
      await expect(page.getByRole('heading', { name: 'This link does not lead to a contact' })).toBeVisible();
      await expect(page.getByText('must be a valid id')).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0);

      const c = await seedContactWithRelated(request, { firstName: 'Gia', lastName: tag, email: `gia.${tag}@example.com` });
      await apiCall(request, 'contacts.deleteOne', { id: c.id });
      await openApp(page, `#/contacts/${c.id}`);
      await expect(page.getByRole('heading', { name: `Gia ${tag} was deleted` })).toBeVisible();
      await expect(page.getByRole('main')).not.toContainText(c.id);
      await page.getByRole('button', { name: `Find Gia ${tag} in the Restore tab` }).click();
      await expect(page.getByTestId('deleted-row')).toHaveCount(1);
      await expect(page.getByTestId('deleted-row')).toContainText(`Gia ${tag}`);

      await apiCall(request, 'restore.purge', { ids: [c.id], confirm: 'DELETE' });
      await openApp(page, `#/contacts/${c.id}`);
      await expect(page.getByRole('heading', { name: 'This contact was purged' })).toBeVisible();
      await expect(page.getByRole('main')).not.toContainText(c.id);
      // The bad link asked nothing (no 400); the deleted and purged pages asked for the contact once
      // each (404, 410: the page cannot know before asking) and then only what answers.
      const responses = watch.problems.filter((p) => !p.startsWith('console: Failed to load resource'));
      expect(responses.map((p) => p.replace(/ \{.*$/, ''))).toEqual(['404 POST /api/contacts.get', '410 POST /api/contacts.get']);
    });

    test('a tag typed without Enter is saved with the contact', async ({ page }) => {
      const tag = uniq('tagdraft');
      await openApp(page, '#/contacts');
      await page.getByRole('button', { name: 'New contact' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('First name').fill('Tad');
      await dialog.getByLabel('Last name').fill(tag);
      await dialog.getByLabel('Tags').fill(tag);
      await dialog.getByRole('button', { name: /Create|Save/ }).click();
      await expect(page.getByRole('heading', { name: `Tad ${tag}` })).toBeVisible();
      await expect(page.getByRole('list', { name: 'Tags' })).toContainText(tag);
      // Focus follows to the new contact's page (its name), not <body>.
      await expect(page.getByRole('heading', { name: `Tad ${tag}` })).toBeFocused();
    });
  });
}

test('Settings: an empty retention is never sent and says what to enter; the backups folder is shown', async ({ page }) => {
  const watch = watchConsole(page);
  const asked: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/settings.update')) asked.push(r.postData() ?? '');
  });
  await page.goto(`/?token=${E2E_TOKEN}#/settings`);
  const field = page.getByTestId('setting-retentionDays');
  await field.fill('');
  await field.press('Enter');
  await expect(page.getByText('Enter a number of days.')).toBeVisible();
  await expect(page.getByText(/expected number|received null/)).toHaveCount(0);
  expect(asked).toEqual([]);
  await expect(page.getByTestId('backups-folder')).toContainText('backups');
  await expect(page.getByText(/remove button/i)).toHaveCount(0);
  watch.expectNone();
});
