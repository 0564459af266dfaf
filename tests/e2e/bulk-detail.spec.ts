// Issue 16, items 1, 3, 8 and 12 (Bulk Actions): the DELETE dialog states one exact number; each bulk
// action has a detail view whose numbers come from the database, and a label true at a glance; a bulk
// restore is confirmed with its counts; everything is reachable at 1024×700. Each at 1440×900 and
// 1024×700, light and dark where colours matter, with axe on the new views and dialogs.
import type { APIRequestContext, Page } from '@playwright/test';
import { E2E_TOKEN } from './env.ts';
import { apiCall, expect, expectNoSeriousA11yViolations, openApp, test, uniq } from './fixtures.ts';

test.describe.configure({ timeout: 180_000 });

const VIEWPORTS = [
  { name: '1440×900', width: 1440, height: 900 },
  { name: '1024×700', width: 1024, height: 700 },
] as const;

async function waitDone(request: APIRequestContext, id: string) {
  await expect
    .poll(async () => (await apiCall(request, 'bulkActions.get', { id })).status, { timeout: 90_000 })
    .toMatch(/complete|cancelled|failed/);
}

/** Imports `n` contacts tagged `tag` as one CSV (faster than one call per contact). */
async function importTagged(request: APIRequestContext, n: number, tag: string) {
  const lines = ['First,Last,Tags'];
  for (let i = 0; i < n; i++) lines.push(`Many${i},${tag},${tag}`);
  const contentBase64 = Buffer.from(lines.join('\n')).toString('base64');
  const { bulkActionId } = await apiCall(request, 'import.start', {
    fileName: `${tag}.csv`,
    contentBase64,
    mapping: { firstName: 0, lastName: 1, tags: 2 },
    onDuplicate: 'skip',
  });
  await waitDone(request, bulkActionId);
}

/**
 * A bulk delete of five contacts with three brought back from the Restore tab, and a live contact now
 * holding the email of one still deleted: the delete, its contacts, and the taker.
 */
async function fiveWithThreeRestored(request: APIRequestContext) {
  const tag = uniq('five');
  const five = [];
  for (let i = 0; i < 5; i++)
    five.push(await apiCall(request, 'contacts.create', { firstName: `Five${i}`, lastName: tag, email: `five${i}.${tag}@example.com`, tags: [tag] }));
  const { bulkActionId } = await apiCall(request, 'contacts.delete', { ids: five.map((c) => c.id) });
  await waitDone(request, bulkActionId);
  await apiCall(request, 'restore.contacts', { ids: five.slice(0, 3).map((c) => c.id) });
  const taker = await apiCall(request, 'contacts.create', { firstName: 'Taker', lastName: tag, email: `five3.${tag}@example.com` });
  return { tag, five, bulkActionId, taker };
}

/** Opens a deep link to one action's details: the drawer is modal, so the tabs behind it are hidden. */
async function openDetails(page: Page, id: string) {
  await page.goto(`/?token=${E2E_TOKEN}#/bulk/${id}`);
  await expect(page.getByRole('dialog').getByRole('button', { name: 'Close details' })).toBeVisible();
}

const rowOf = (page: Page, id: string) => page.getByTestId('bulk-action-row').filter({ has: page.locator(`a[href="#/bulk/${id}"]`) });

/** Nothing of the page is wider than the window, and the element is inside it. */
async function expectInsideWindow(page: Page, locator: ReturnType<Page['locator']>) {
  const width = page.viewportSize()!.width;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  const box = (await locator.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
}

// ---------- item 1: the DELETE dialog states one exact number ----------

test.describe('item 1: the DELETE dialog above 10,000', () => {
  const tag = uniq('cap');
  test.beforeAll(async ({ request }) => {
    test.setTimeout(240_000);
    await importTagged(request, 10_003, tag);
  });

  for (const vp of VIEWPORTS) {
    test(`states the exact count from the preview, never the capped total (${vp.name})`, async ({ page }) => {
      await page.setViewportSize(vp);
      // Hold the count back, to see what the dialog says while it is counting.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      await page.route('**/api/contacts.deletePreview', async (route) => {
        await held;
        await route.continue();
      });
      await openApp(page, `#/contacts?tag=${tag}`);
      await expect(page.getByText('of 10,000+').or(page.getByText('10,000+ contacts')).first()).toBeVisible();
      await page.getByRole('checkbox', { name: 'Select all contacts on this page' }).check();
      await page.getByRole('button', { name: 'Select all 10,000+ matching' }).click();
      await page.getByRole('button', { name: 'Delete', exact: true }).click();

      const dialog = page.getByRole('dialog');
      await expect(dialog.getByRole('heading')).toHaveText('Delete the selected contacts?');
      await expect(dialog).toContainText('Counting the contacts that will be deleted…');
      await dialog.getByLabel(/DELETE/).fill('DELETE');
      await expect(dialog.getByRole('button', { name: 'Delete', exact: true })).toBeDisabled();
      expect(await dialog.textContent()).not.toMatch(/10,000/);

      release();
      await expect(dialog.getByRole('heading')).toHaveText('Delete 10,003 contacts?');
      await expect(dialog).toContainText('This deletes 10,003 contacts');
      // One number in the whole dialog.
      const numbers = ((await dialog.textContent()) ?? '').match(/\d{1,3}(,\d{3})+/g) ?? [];
      expect(new Set(numbers)).toEqual(new Set(['10,003']));
      await expect(dialog.getByRole('button', { name: 'Delete', exact: true })).toBeEnabled();
      await expectNoSeriousA11yViolations(page);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
    });
  }
});

// ---------- items 3, 8, 12: Bulk Actions ----------

for (const vp of VIEWPORTS) {
  for (const scheme of ['light', 'dark'] as const) {
    test.describe(`Bulk Actions at ${vp.name}, ${scheme}`, () => {
      test.use({ viewport: { width: vp.width, height: vp.height }, colorScheme: scheme });

      test('item 3: the label is true at a glance and the detail view tells what the delete did, from the keyboard', async ({ page, request }) => {
        const { five, bulkActionId } = await fiveWithThreeRestored(request);
        await openApp(page, '#/bulk');
        const row = rowOf(page, bulkActionId);
        const chip = row.locator('[data-tone]');
        await expect(chip).toHaveText('Complete · 3 of 5 restored');
        await expect(chip).toHaveAttribute('data-tone', 'info');

        // Keyboard: the action's name is a link to its details; Escape closes them.
        await row.getByRole('link').focus();
        await page.keyboard.press('Enter');
        await expect(page).toHaveURL(new RegExp(`#/bulk/${bulkActionId}$`));
        const drawer = page.getByRole('dialog');
        await expect(drawer.getByRole('button', { name: 'Close details' })).toBeFocused();
        await expect(drawer).toContainText('5 contacts selected one by one');
        await expect(drawer).toContainText('Complete · 3 of 5 restored');
        const fate = drawer.getByTestId('bulk-delete-fate');
        await expect(fate).toContainText('Restored since3');
        await expect(fate).toContainText('Deleted again since0');
        await expect(fate).toContainText('Purged0');
        await expect(fate).toContainText('Still deleted2');
        // Its contacts, by name, where they are now.
        await drawer.getByRole('tab', { name: 'Deleted (5)' }).click();
        await expect(drawer.getByTestId('bulk-item-row')).toHaveCount(5);
        await expect(drawer.getByRole('link', { name: `Five0 ${five[0]!.lastName}` })).toHaveAttribute('href', `#/contacts/${five[0]!.id}`);
        await expect(drawer.getByTestId('bulk-item-row').filter({ hasText: 'Five4' })).toContainText('In the Restore tab');
        await expectInsideWindow(page, drawer.getByRole('button', { name: 'Close details' }));
        await expectNoSeriousA11yViolations(page);
        await page.keyboard.press('Escape');
        await expect(page).toHaveURL(/#\/bulk$/);
        await expect(drawer).toHaveCount(0);

        // Deep link: the same view from its address.
        await openDetails(page, bulkActionId);
        await expect(page.getByRole('dialog')).toContainText('Its 5 deleted contacts now');
      });

      test('items 8 and 12: a bulk restore is confirmed with its counts, the ⋮ menu stays in view, and a partial restore is not green', async ({ page, request }) => {
        const { five, bulkActionId } = await fiveWithThreeRestored(request);
        await openApp(page, '#/bulk');
        const row = rowOf(page, bulkActionId);
        const menu = row.getByRole('button', { name: 'Actions' });
        await expectInsideWindow(page, menu);
        await menu.click();
        await page.getByRole('menuitem', { name: 'Restore…' }).click();

        const dialog = page.getByRole('dialog');
        await expect(dialog.getByRole('heading')).toHaveText('Restore 1 contact?');
        await expect(dialog).toContainText('This brings back 1 contact');
        await expect(dialog).toContainText('1 contact cannot come back:');
        await expect(dialog).toContainText('1 contact: its email is now used by another contact');
        await expect(dialog).toContainText('3 contacts are back already.');
        const confirm = dialog.getByRole('button', { name: 'Restore 1 contact' });
        await expect(confirm).toBeFocused();
        await expectNoSeriousA11yViolations(page);
        // Nothing happened before the confirmation.
        expect((await apiCall(request, 'bulkActions.get', { id: bulkActionId })).restoredBy).toEqual([]);
        await page.keyboard.press('Enter');
        await expect(dialog).toHaveCount(0);

        // The delete and its restore, each labelled by what is true now, and never green.
        const chip = row.locator('[data-tone]');
        await expect(chip).toHaveText('Complete · Restored 4 of 5 · 1 not restored: email or phone now used by another contact', { timeout: 30_000 });
        await expect(chip).toHaveAttribute('data-tone', 'warning');
        const restoreId = (await apiCall(request, 'bulkActions.get', { id: bulkActionId })).restoredBy[0]!;
        const restoreRow = rowOf(page, restoreId);
        await expect(restoreRow.locator('[data-tone]')).toHaveText(
          'Complete · Restored 1 of 2 · 1 not restored: email or phone now used by another contact',
        );
        await expect(restoreRow.locator('[data-tone]')).toHaveAttribute('data-tone', 'warning');
        // 1024 wide: the long chip wraps, the menu is still in view.
        await expectInsideWindow(page, restoreRow.getByRole('button', { name: 'Actions' }));
        await expectInsideWindow(page, menu);
        // The list itself, with its warning and info chips, in this theme.
        await expectNoSeriousA11yViolations(page);

        // The restore's details name the contact it skipped and why.
        await restoreRow.getByRole('button', { name: 'Actions' }).click();
        await page.getByRole('menuitem', { name: 'Details' }).click();
        const drawer = page.getByRole('dialog');
        await expect(drawer).toContainText('The 2 contacts of a bulk delete that were not back');
        const skipped = drawer.getByTestId('bulk-item-row');
        await expect(skipped).toHaveCount(1);
        await expect(skipped).toContainText(`Five3 ${five[3]!.lastName}`);
        await expect(skipped).toContainText('its email is now used by another contact');
        await expect(skipped).toContainText('In the Restore tab');
        await expectNoSeriousA11yViolations(page);
        await drawer.getByRole('link', { name: 'the bulk delete it restores' }).click();
        await expect(page).toHaveURL(new RegExp(`#/bulk/${bulkActionId}$`));
      });
    });
  }
}

test('item 3: a cancelled delete says how many it had deleted before it stopped', async ({ page, request }) => {
  const tag = uniq('stop');
  // Enough contacts that the delete takes several chunks even on a fast machine (a chunk is ~200 ms of CPU, and
  // contacts with no related records go fast): with 8 thousand it sometimes ended before the cancel arrived.
  const total = 30_000;
  await importTagged(request, total, tag);
  const { bulkActionId } = await apiCall(request, 'contacts.delete', { filter: { tag } });
  // Cancelled once it has deleted some, as a user would from the row menu while it runs.
  for (;;) {
    const a = await apiCall(request, 'bulkActions.get', { id: bulkActionId });
    if (a.processed > 0 || a.status !== 'queued') break;
  }
  await apiCall(request, 'bulkActions.cancel', { id: bulkActionId });
  const a = await apiCall(request, 'bulkActions.get', { id: bulkActionId });
  expect(a.status).toBe('cancelled');
  const done = a.processed - a.skipped;
  expect(done).toBeGreaterThan(0);
  expect(done).toBeLessThan(total);
  const expected = `Cancelled · ${done.toLocaleString('en')} of ${total.toLocaleString('en')} deleted`;

  await openDetails(page, bulkActionId);
  const drawer = page.getByRole('dialog');
  await expect(drawer).toContainText(expected);
  await expect(drawer.locator('[data-tone]')).toHaveAttribute('data-tone', 'warning');
  await expect(drawer).toContainText(`Not reached${(total - a.processed).toLocaleString('en')}`);
  await expect(drawer.getByTestId('bulk-delete-fate')).toContainText(`Still deleted${done.toLocaleString('en')}`);
  await page.keyboard.press('Escape');
  await expect(rowOf(page, bulkActionId).locator('[data-tone]')).toHaveText(expected);
});
