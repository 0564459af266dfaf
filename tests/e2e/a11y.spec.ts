// axe-core on every view, with data in it: no serious or critical violations.
import type { Contact } from '../../shared/domain.ts';
import { apiCall, expect, expectNoSeriousA11yViolations, openApp, seedContactWithRelated, test, uniq } from './fixtures.ts';

// axe is thorough and the CI machine is small: one view per test, with room to run.
test.describe.configure({ timeout: 120_000 });

const tag = uniq('axe');
let kept: Contact;

test.beforeAll(async ({ request }) => {
  kept = await seedContactWithRelated(request, { firstName: 'Alma', lastName: tag, email: `alma.${tag}@example.com`, company: 'Axe Ltd', tags: [tag, 'vip'] });
  const gone = await seedContactWithRelated(request, { firstName: 'Bea', lastName: tag, tags: [tag] });
  await apiCall(request, 'contacts.delete', { ids: [gone.id] });
});

test('Contacts list and the DELETE modal', async ({ page }) => {
  await openApp(page, `#/contacts`);
  await expect(page.getByRole('link', { name: `Alma ${tag}` })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('checkbox', { name: `Select Alma ${tag}` }).check();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByRole('dialog')).toContainText('1 contact');
  await expectNoSeriousA11yViolations(page);
});

test('contact detail', async ({ page }) => {
  await openApp(page, `#/contacts/${kept.id}`);
  await expect(page.getByRole('heading', { name: 'Notes (1)' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('Restore tab', async ({ page }) => {
  await openApp(page, `#/restore`);
  await expect(page.getByTestId('deleted-row').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('Bulk Actions view and its row menu', async ({ page }) => {
  await openApp(page, `#/bulk`);
  await expect(page.getByTestId('bulk-action-row').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Actions' }).first().click();
  await expect(page.getByRole('menu')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test.describe('dark theme', () => {
  test.use({ colorScheme: 'dark' });

  test('Contacts list, contact detail and Restore tab', async ({ page }) => {
    await openApp(page, `#/contacts`);
    await expect(page.getByRole('link', { name: `Alma ${tag}` })).toBeVisible();
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(255, 255, 255)');
    await expectNoSeriousA11yViolations(page);
    await openApp(page, `#/contacts/${kept.id}`);
    await expect(page.getByRole('heading', { name: 'Notes (1)' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await openApp(page, `#/restore`);
    await expect(page.getByTestId('deleted-row').first()).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });
});
