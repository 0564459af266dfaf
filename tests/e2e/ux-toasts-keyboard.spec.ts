// Issue 16 items 2, 6 and 7: a bulk action's snackbar tells the action's own numbers and ends saying
// what it did; focus never falls to <body> after an action; Undo on Ctrl+Z, and the snackbar stays
// while focused; a visible focus ring; a restore's success said once, with "Open contact". Keyboard only
// where it says so.
import { apiCall, expect, openApp, seedContactWithRelated, seedMany, test, uniq } from './fixtures.ts';
import { focused, SIZES, watchConsole } from './uxFixtures.ts';

test.describe.configure({ timeout: 120_000 });

for (const size of SIZES) {
  test.describe(`at ${size.name}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test('keyboard only: delete from the list, focus on the list, Ctrl+Z undoes, the snackbar ends with the real count', async ({ page, request }) => {
      const tag = uniq('kbd');
      for (const first of ['Ann', 'Ben', 'Cal']) await apiCall(request, 'contacts.create', { firstName: first, lastName: tag, tags: [tag] });
      const watch = watchConsole(page);
      await openApp(page, `#/contacts?tag=${tag}`);
      await expect(page.getByRole('checkbox', { name: new RegExp(`^Select .* ${tag}$`) })).toHaveCount(3);

      // Select two rows and open Delete with the keyboard only.
      await page.getByRole('checkbox', { name: `Select Ann ${tag}` }).focus();
      await page.keyboard.press('Space');
      await page.getByRole('checkbox', { name: `Select Ben ${tag}` }).focus();
      await page.keyboard.press('Space');
      await expect(page.getByText('2 selected')).toBeVisible();
      await page.getByRole('button', { name: 'Delete', exact: true }).focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog');
      await expect(dialog.getByLabel(/DELETE/)).toBeFocused();
      await page.keyboard.type('DELETE');
      await page.keyboard.press('Enter');
      await expect(dialog).toBeHidden();

      // The snackbar says what the action did, by its own count; focus is on the list, not <body>.
      const snackbar = page.getByTestId('snackbar');
      await expect(snackbar).toContainText('Deleted 2 contacts.');
      await expect(snackbar).toContainText('Ctrl+Z');
      await expect.poll(async () => (await focused(page)).testTarget).toBe('contacts-table');
      await expect(page.getByRole('checkbox', { name: new RegExp(`^Select .* ${tag}$`) })).toHaveCount(1);

      // Ctrl+Z (focus not in a text field) undoes it; the restore is followed to its end.
      await page.keyboard.press('Control+z');
      await expect(snackbar).toContainText('Restored 2 contacts.');
      await expect(snackbar).not.toContainText('Restoring');
      await expect(page.getByRole('checkbox', { name: new RegExp(`^Select .* ${tag}$`) })).toHaveCount(3);
      // It goes away by itself once the action has ended: never a stale one.
      await expect(snackbar).toBeHidden({ timeout: 15_000 });
      watch.expectNone();
    });

    test('Ctrl+Z in a text field is the field’s own undo, not the deletion’s', async ({ page, request }) => {
      const tag = uniq('kbdfield');
      await apiCall(request, 'contacts.create', { firstName: 'Dee', lastName: tag, tags: [tag] });
      await openApp(page, `#/contacts?tag=${tag}`);
      await page.getByRole('checkbox', { name: `Select Dee ${tag}` }).check();
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByRole('dialog').getByLabel(/DELETE/).fill('DELETE');
      await page.getByRole('dialog').getByLabel(/DELETE/).press('Enter');
      const snackbar = page.getByTestId('snackbar');
      await expect(snackbar).toContainText('Deleted 1 contact.');
      await page.getByLabel('Search contacts').focus();
      await page.keyboard.press('Control+z');
      await expect(snackbar).toContainText('Deleted 1 contact.');
      await expect(page.getByRole('checkbox', { name: `Select Dee ${tag}` })).toHaveCount(0);
    });
  });
}

test('the snackbar stays while focus is in it, and its buttons show a focus ring', async ({ page, request }) => {
  const tag = uniq('hold');
  const c = await apiCall(request, 'contacts.create', { firstName: 'Hal', lastName: tag, tags: [tag] });
  await openApp(page, `#/contacts/${c.id}`);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByLabel(/DELETE/).fill('DELETE');
  await page.getByRole('dialog').getByLabel(/DELETE/).press('Enter');
  const snackbar = page.getByTestId('snackbar');
  await expect(snackbar).toContainText(`Deleted Hal ${tag}.`);
  // Focus lands on the list it went back to (or its heading), never <body>.
  await expect.poll(async () => (await focused(page)).tag).not.toBe('body');

  const undo = snackbar.getByRole('button', { name: 'Undo' });
  await undo.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab'); // focus by keyboard, so :focus-visible applies
  await expect(undo).toBeFocused();
  const outline = await undo.evaluate((el) => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth);
  expect(outline).toBe('solid 3px');
  // Past its ten seconds it is still there while focused…
  await page.waitForTimeout(11_000);
  await expect(snackbar).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(snackbar).toContainText(`Restored Hal ${tag}.`);
  // …and the one success message offers the contact.
  await snackbar.getByRole('button', { name: 'Open contact' }).click();
  await expect(page).toHaveURL(new RegExp(`#/contacts/${c.id}$`));
  await expect(page.getByRole('heading', { name: `Hal ${tag}` })).toBeVisible();
});

test('a bulk delete above the banner threshold: the snackbar counts what the action counts, then says it is done', async ({ page, request }) => {
  const tag = uniq('bulkn');
  await seedMany(request, 130, tag);
  await openApp(page, `#/contacts?tag=${tag}`);
  await page.getByRole('checkbox', { name: 'Select all contacts on this page' }).check();
  await page.getByRole('button', { name: 'Select all 130 matching' }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByLabel(/DELETE/).fill('DELETE');
  await page.getByRole('dialog').getByLabel(/DELETE/).press('Enter');
  const snackbar = page.getByTestId('snackbar');
  await expect(snackbar).toContainText('Deleted 130 contacts.', { timeout: 60_000 });
  await snackbar.getByRole('button', { name: 'Undo' }).click();
  await page.mouse.move(5, 5); // a snackbar under the pointer stays
  await expect(snackbar).toContainText('Restored 130 contacts.', { timeout: 60_000 });
  await expect(snackbar).toBeHidden({ timeout: 15_000 });
  await expect(page.getByText('1–25 of 130')).toBeVisible();
});

for (const size of SIZES) {
  test(`Restore tab at ${size.name}: success said once with Open contact; a partial restore lists the skip and Enter closes it`, async ({ page, request }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    const tag = uniq('once');
    const one = await seedContactWithRelated(request, { firstName: 'Ola', lastName: tag, tags: [tag] });
    await apiCall(request, 'contacts.deleteOne', { id: one.id });
    const watch = watchConsole(page);
    await openApp(page, `#/restore?q=${tag}`);
    await page.getByRole('checkbox', { name: `Select Ola ${tag}` }).check();
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('1 contact will come back');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(dialog).toBeHidden();
    const snackbar = page.getByTestId('snackbar');
    await expect(snackbar).toContainText(`Restored Ola ${tag}.`);
    await expect(page.getByRole('heading', { name: 'Restore finished' })).toHaveCount(0);
    await expect.poll(async () => (await focused(page)).tag).not.toBe('body');
    await snackbar.getByRole('button', { name: 'Open contact' }).click();
    await expect(page.getByRole('heading', { name: `Ola ${tag}` })).toBeVisible();

    // Two chosen, one clashes with a live contact's email since: the dialog says so, Enter closes it.
    const email = `clash.${tag}@example.com`;
    const a = await apiCall(request, 'contacts.create', { firstName: 'Pam', lastName: tag, email, tags: [tag] });
    const b = await apiCall(request, 'contacts.create', { firstName: 'Quin', lastName: tag, tags: [tag] });
    await apiCall(request, 'contacts.delete', { ids: [a.id, b.id] });
    await expect.poll(async () => (await apiCall(request, 'restore.list', { query: tag })).total).toBe(2);
    await openApp(page, `#/restore?q=${tag}`);
    await page.getByRole('checkbox', { name: `Select Pam ${tag}` }).check();
    await page.getByRole('checkbox', { name: `Select Quin ${tag}` }).check();
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(dialog).toContainText('2 contacts will come back');
    await apiCall(request, 'contacts.create', { firstName: 'Newer', lastName: tag, email });
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(dialog.getByRole('heading', { name: 'Restore finished' })).toBeVisible();
    await expect(dialog.getByRole('list', { name: 'Skipped contacts' })).toContainText(`Pam ${tag}`);
    await expect(dialog.getByRole('button', { name: 'Done' })).toBeFocused();
    await expect(snackbar).toBeHidden();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('deleted-row')).toHaveCount(1);
    watch.expectNone();
  });
}
