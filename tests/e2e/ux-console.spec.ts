// Issue 16 item 11: the main flows ask nothing the UI knows will fail. Console errors and every API
// answer of 400 or more are collected while a user deletes from the list (with Undo), deletes from a
// contact's page, restores from the Restore tab and deletes permanently; there must be none.
import { apiCall, expect, openApp, seedContactWithRelated, test, uniq } from './fixtures.ts';
import { confirmDelete, SIZES, watchConsole } from './uxFixtures.ts';

test.describe.configure({ timeout: 120_000 });

for (const size of SIZES) {
  test(`at ${size.name}: delete, undo, delete from the page, restore, delete permanently — no console error, no failed request`, async ({ page, request }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    const tag = uniq('quiet');
    const ann = await seedContactWithRelated(request, { firstName: 'Ann', lastName: tag, tags: [tag] });
    await seedContactWithRelated(request, { firstName: 'Ben', lastName: tag, tags: [tag] });
    const cat = await seedContactWithRelated(request, { firstName: 'Cat', lastName: tag, tags: [tag] });
    const watch = watchConsole(page);
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/')) asked.push(`${new URL(r.url()).pathname} ${r.postData() ?? ''}`);
    });

    // From the list: two selected, deleted, then undone.
    await openApp(page, `#/contacts?tag=${tag}`);
    await page.getByRole('checkbox', { name: `Select Ann ${tag}` }).check();
    await page.getByRole('checkbox', { name: `Select Ben ${tag}` }).check();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.getByRole('dialog')).toContainText('2 contacts');
    await confirmDelete(page);
    const snackbar = page.getByTestId('snackbar');
    await expect(snackbar).toContainText('Deleted 2 contacts.');
    await snackbar.getByRole('button', { name: 'Undo' }).click();
    await expect(snackbar).toContainText('Restored 2 contacts.');
    await expect(page.getByRole('checkbox', { name: new RegExp(`^Select .* ${tag}$`) })).toHaveCount(3);
    // The DELETE dialog never asked about an empty selection.
    expect(asked.filter((a) => a.startsWith('/api/contacts.deletePreview') && a.includes('"ids":[]'))).toEqual([]);

    // From a contact's page: the page goes back to the list without asking for the deleted contact.
    await page.getByRole('link', { name: `Cat ${tag}` }).click();
    await expect(page.getByRole('heading', { name: 'Notes (1)' })).toBeVisible();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.getByRole('dialog')).toContainText('1 contact');
    const getsBefore = asked.filter((a) => a.startsWith('/api/contacts.get ')).length;
    await confirmDelete(page);
    await expect(snackbar).toContainText(`Deleted Cat ${tag}.`);
    await expect(page.getByRole('checkbox', { name: new RegExp(`^Select .* ${tag}$`) })).toHaveCount(2);
    await page.waitForTimeout(1_500); // the core's data.changed arrives and is applied
    expect(asked.filter((a) => a.startsWith('/api/contacts.get ')).slice(getsBefore), JSON.stringify([asked, watch.problems])).toEqual([]);

    // The Restore tab: restore it, then delete Ann for good.
    await page.getByRole('tab', { name: 'Restore' }).click();
    await page.getByLabel('Search deleted contacts').fill(tag);
    await expect(page).toHaveURL(new RegExp(`#/restore\\?q=${tag}$`));
    await expect(page.getByTestId('deleted-row')).toHaveCount(1);
    await page.getByRole('checkbox', { name: `Select Cat ${tag}` }).check();
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await expect(snackbar).toContainText(`Restored Cat ${tag}.`);
    await expect(page.getByTestId('deleted-row')).toHaveCount(0);

    await apiCall(request, 'contacts.deleteOne', { id: ann.id });
    await page.reload();
    await expect(page.getByTestId('deleted-row')).toHaveCount(1);
    await page.getByRole('checkbox', { name: `Select Ann ${tag}` }).check();
    await page.getByRole('button', { name: 'Delete permanently' }).click();
    await confirmDelete(page);
    await expect(snackbar).toContainText('Permanently deleted 1 contact.');
    await expect(page.getByTestId('deleted-row')).toHaveCount(0);

    // Cat is back with everything.
    await page.goto(page.url().replace(/#.*$/, `#/contacts/${cat.id}`));
    await expect(page.getByRole('heading', { name: 'Notes (1)' })).toBeVisible();
    await page.waitForTimeout(500);
    watch.expectNone();
  });
}
