// Issue 16 items 12 and 13 (the views this part owns): at 1024×700 the Contacts table shows every
// column without scrolling sideways; axe finds nothing serious on the Contacts list, a contact, a
// gone contact, the Restore tab and Settings, light and dark, at both sizes; Settings has no content
// outside a landmark (axe "region").
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { apiCall, expect, expectNoSeriousA11yViolations, openApp, seedContactWithRelated, test, uniq } from './fixtures.ts';
import { E2E_TOKEN } from './env.ts';
import { SIZES } from './uxFixtures.ts';

test.describe.configure({ timeout: 180_000 });

const tag = uniq('lay');
let kept = '';
let gone = '';
test.beforeAll(async ({ request }) => {
  const c = await seedContactWithRelated(request, {
    firstName: 'Maximiliana-Josefina',
    lastName: `Featherstonehaugh ${tag}`,
    email: `maximiliana.josefina.featherstonehaugh.${tag}@a-very-long-company-domain.example.com`,
    phone: '+44 20 7946 0958',
    company: 'An Extraordinarily Long Company Name Holdings International Ltd',
    tags: [tag, 'enterprise-customer', 'renewal-2027', 'vip'],
  });
  kept = c.id;
  const g = await seedContactWithRelated(request, { firstName: 'Gone', lastName: tag, tags: [tag] });
  await apiCall(request, 'contacts.deleteOne', { id: g.id });
  gone = g.id;
});

/** axe's "region" rule: every piece of content inside a landmark. */
async function expectNoRegionIssues(page: Page) {
  const results = await new AxeBuilder({ page }).withRules(['region']).analyze();
  expect(results.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' ')))).toEqual([]);
}

for (const size of SIZES) {
  test(`at ${size.name} the Contacts table shows the Created column and every header within the window`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await openApp(page, `#/contacts?tag=${tag}`);
    const table = page.getByRole('table', { name: 'Contacts' });
    await expect(table.getByRole('link', { name: new RegExp(`Maximiliana`) })).toBeVisible();
    const created = table.getByRole('columnheader', { name: 'Created' });
    await expect(created).toBeInViewport({ ratio: 1 });
    const box = (await created.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(size.width);
    // Nothing to scroll sideways: the table fits its container.
    const overflow = await table.evaluate((t) => (t.parentElement as HTMLElement).scrollWidth - (t.parentElement as HTMLElement).clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The Restore tab's table fits too, and its actions are within the window.
    await openApp(page, `#/restore?q=${tag}`);
    const deleted = page.getByRole('table', { name: 'Deleted contacts' });
    await expect(deleted.getByTestId('deleted-row')).toHaveCount(1);
    expect(await deleted.evaluate((t) => (t.parentElement as HTMLElement).scrollWidth - (t.parentElement as HTMLElement).clientWidth)).toBeLessThanOrEqual(0);
    for (const name of ['Restore', 'Delete permanently', 'Export vCard']) {
      const b = page.getByRole('button', { name, exact: true });
      expect(((await b.boundingBox())!).x + ((await b.boundingBox())!).width).toBeLessThanOrEqual(size.width);
    }
    await openApp(page, `#/contacts?tag=${tag}`);
    // The toolbar's actions are all reachable too.
    for (const name of ['New contact', 'Export CSV', 'Import CSV or vCard']) {
      const b = page.getByRole('button', { name });
      await expect(b).toBeVisible();
      expect(((await b.boundingBox())!).x + ((await b.boundingBox())!).width).toBeLessThanOrEqual(size.width);
    }
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`axe at ${size.name}, ${scheme}: Contacts, a contact, a gone contact, Restore tab, Settings`, async ({ page }) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.emulateMedia({ colorScheme: scheme });
      await openApp(page, `#/contacts?tag=${tag}`);
      await expect(page.getByRole('link', { name: /Maximiliana/ })).toBeVisible();
      await expectNoSeriousA11yViolations(page);
      await openApp(page, `#/contacts/${kept}`);
      await expect(page.getByRole('heading', { name: 'Notes (1)' })).toBeVisible();
      await expectNoSeriousA11yViolations(page);
      await openApp(page, `#/contacts/${gone}`);
      await expect(page.getByRole('heading', { name: `Gone ${tag} was deleted` })).toBeVisible();
      await expectNoSeriousA11yViolations(page);
      await openApp(page, `#/restore?q=${tag}`);
      await expect(page.getByTestId('deleted-row')).toHaveCount(1);
      await expectNoSeriousA11yViolations(page);
      await page.goto(`/?token=${E2E_TOKEN}#/settings`);
      await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
      await expect(page.getByTestId('backups-folder')).toBeVisible();
      await expectNoSeriousA11yViolations(page);
      await expectNoRegionIssues(page);
      // With a snackbar on screen too (it is outside <main>).
      await page.getByRole('button', { name: 'Back up now' }).click();
      await expect(page.getByTestId('snackbar')).toContainText('Backup saved');
      await expectNoRegionIssues(page);
    });
  }
}

test('the snackbar with its Undo and the restore result pass axe, light and dark', async ({ page, request }) => {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const c = await apiCall(request, 'contacts.create', { firstName: `Snack${scheme}`, lastName: tag });
    await openApp(page, `#/contacts/${c.id}`);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByLabel(/DELETE/).fill('DELETE ');
    await page.getByRole('dialog').getByLabel(/DELETE/).press('Enter');
    const snackbar = page.getByTestId('snackbar');
    await expect(snackbar).toContainText(`Deleted Snack${scheme} ${tag}.`);
    await snackbar.hover();
    await expectNoSeriousA11yViolations(page);
    await snackbar.getByRole('button', { name: 'Undo' }).click();
    await expect(snackbar).toContainText(`Restored Snack${scheme} ${tag}.`);
    await expectNoSeriousA11yViolations(page);
  }
});
