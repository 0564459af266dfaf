// A bulk delete of 500 contacts through "Select all N matching", its live progress, and its restore
// from the Bulk Actions view.
import { expect, openApp, seedMany, test, uniq } from './fixtures.ts';

test.describe.configure({ timeout: 180_000 });

test('bulk delete 500 contacts, watch the progress, restore from Bulk Actions', async ({ page, request }) => {
  const tag = uniq('bulk');
  await seedMany(request, 500, tag);

  await openApp(page, `#/contacts?tag=${tag}`);
  await expect(page.getByText('1–25 of 500')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select all contacts on this page' }).check();
  await page.getByRole('button', { name: 'Select all 500 matching' }).click();
  await expect(page.getByText('500 selected')).toBeVisible();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();

  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('This deletes 500 contacts');
  await dialog.getByLabel(/DELETE/).fill('DELETE');
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();

  // The progress bar follows the bulkActions.progress events to the end.
  const progress = page.getByRole('progressbar', { name: 'Bulk delete progress' });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 });
  await expect(page.getByText('Deleted 500 contacts.').first()).toBeVisible();
  await expect(page.getByText('No contacts match')).toBeVisible();

  await page.getByRole('tab', { name: 'Bulk Actions' }).click();
  const row = page.getByTestId('bulk-action-row').filter({ hasText: 'Bulk delete' }).first();
  await expect(row).toContainText('500');
  await expect(row.getByText('Complete', { exact: true })).toBeVisible();

  await row.getByRole('button', { name: 'Actions' }).click();
  await expect(page.getByRole('menuitem', { name: 'Cancel' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: 'Restore…' }).click();
  // A bulk restore is confirmed, with its count (issue 16 item 8).
  await page.getByRole('dialog').getByRole('button', { name: 'Restore 500 contacts' }).click();

  await expect(row.getByText('Complete · Restored')).toBeVisible({ timeout: 60_000 });
  const restoreRow = page.getByTestId('bulk-action-row').filter({ hasText: 'Restore' }).first();
  await expect(restoreRow).toContainText('500');
  await expect(restoreRow.getByText(/^Complete/)).toBeVisible();
  // A restore is not itself restorable.
  await restoreRow.getByRole('button', { name: 'Actions' }).click();
  await expect(page.getByRole('menuitem', { name: 'Restore…' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  await page.getByRole('tab', { name: 'Contacts' }).click();
  await expect(page.getByText('1–25 of 500')).toBeVisible();
});
