// Issue 16 item 5: the Restore tab at scale — sortable columns (done by the core, in SQL), "Select all
// N matching", the next purge of the whole list, purge wording and colours by how near the purge is.
import { apiCall, expect, expectNoSeriousA11yViolations, openApp, test, uniq } from './fixtures.ts';
import { SIZES, watchConsole } from './uxFixtures.ts';

test.describe.configure({ timeout: 120_000 });

/** 30 deleted contacts named `${letter}${tag}`, deleted one after another by Quinn then Abe (alternating). */
async function thirtyDeleted(request: Parameters<typeof apiCall>[0], tag: string) {
  const before = await apiCall(request, 'settings.get', {});
  const letters = 'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxw'.split('');
  const made: { id: string; first: string }[] = [];
  try {
    for (const [i, first] of letters.entries()) {
      const c = await apiCall(request, 'contacts.create', { firstName: `${first}${i}`, lastName: tag });
      await apiCall(request, 'settings.update', { profileName: i % 2 ? 'Abe' : 'Quinn' });
      await apiCall(request, 'contacts.deleteOne', { id: c.id });
      made.push({ id: c.id, first: `${first}${i}` });
    }
  } finally {
    await apiCall(request, 'settings.update', { profileName: before.profileName });
  }
  return made;
}

for (const size of SIZES) {
  test(`at ${size.name}: sorts by each column, selects all N matching, names the next purge of the whole list`, async ({ page, request }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    const tag = uniq('rt');
    const made = await thirtyDeleted(request, tag);
    const watch = watchConsole(page);
    await openApp(page, `#/restore?q=${tag}`);
    const rows = page.getByTestId('deleted-row');
    await expect(rows).toHaveCount(25);
    await expect(page.getByText('1–25 of 30')).toBeVisible();
    // Newest deletion first: the last made is on top; the first deleted (purged first) is on page 2,
    // and still named as the next purge.
    await expect(rows.first()).toContainText(`${made[29]!.first} ${tag}`);
    await expect(page.getByTestId('next-purge')).toContainText(`${made[0]!.first} ${tag}`);
    await expect(page.getByTestId('next-purge')).toContainText(/in (59|60) days/);
    // No purge is near: no warning colour anywhere.
    await expect(page.locator('[data-urgency="later"]')).toHaveCount(25);

    // Name, A to Z as shown ("First Last"), then Z to A.
    await page.getByRole('button', { name: 'Name' }).click();
    await expect(rows.first()).toContainText(`A25 ${tag}`);
    await page.getByRole('button', { name: 'Name' }).click();
    await expect(rows.first()).toContainText(`z26 ${tag}`);
    // Who deleted, A to Z: Abe's deletions first (newest first), then Quinn's.
    await page.getByRole('button', { name: 'Deleted by' }).click();
    await expect(rows.first()).toContainText('Abe');
    await expect(rows.first()).toContainText(`${made[29]!.first} ${tag}`);
    await expect(rows.nth(14)).toContainText('Abe');
    await expect(rows.nth(15)).toContainText('Quinn');
    // Purge date, soonest first: the first deleted on top.
    await page.getByRole('button', { name: 'Purge' }).click();
    await expect(rows.first()).toContainText(`${made[0]!.first} ${tag}`);
    await page.getByRole('button', { name: 'Deleted', exact: true }).click();
    await expect(rows.first()).toContainText(`${made[29]!.first} ${tag}`);

    // Select the page, then all 30 matching; the restore dialog counts all 30.
    await page.getByRole('checkbox', { name: 'Select all deleted contacts on this page' }).check();
    await page.getByRole('button', { name: 'Select all 30 matching' }).click();
    await expect(page.getByText('30 selected — every deleted contact matching this search')).toBeVisible();
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('30 contacts will come back');
    await expectNoSeriousA11yViolations(page);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByTestId('snackbar')).toContainText('Restored 30 contacts.');
    await expect(rows).toHaveCount(0);
    watch.expectNone();
  });
}

test('purge wording and colour by how near it is: hours within a day (red), the warning colour within 7 days only', async ({ page, request }) => {
  const tag = uniq('near');
  const c = await apiCall(request, 'contacts.create', { firstName: 'Nea', lastName: tag });
  await apiCall(request, 'contacts.deleteOne', { id: c.id });
  const { retentionDays } = await apiCall(request, 'settings.get', {});
  try {
    await apiCall(request, 'settings.update', { retentionDays: 5 });
    await openApp(page, `#/restore?q=${tag}`);
    const chip = page.getByTestId('deleted-row').locator('[data-urgency]');
    await expect(chip).toHaveText(/Purges in 5 days/);
    await expect(chip).toHaveAttribute('data-urgency', 'week');
    await expect(chip).toHaveClass(/MuiChip-colorWarning/);

    await apiCall(request, 'settings.update', { retentionDays: 1 });
    await page.reload();
    await expect(chip).toHaveText(/Purges in 2[34] hours/);
    await expect(chip).not.toHaveText(/day/);
    await expect(chip).toHaveAttribute('data-urgency', 'day');
    await expect(chip).toHaveClass(/MuiChip-colorError/);
    await expectNoSeriousA11yViolations(page);
  } finally {
    await apiCall(request, 'settings.update', { retentionDays });
  }
  await page.reload();
  const chip = page.getByTestId('deleted-row').locator('[data-urgency]');
  await expect(chip).toHaveAttribute('data-urgency', 'later');
  await expect(chip).toHaveClass(/MuiChip-colorDefault/);
});
