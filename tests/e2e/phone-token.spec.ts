// Issue 12: the printed address's token never stays in the browser (item 16d), and the phone region
// setting (item 8) decides which numbers are one.
import type { Settings } from '../../shared/domain.ts';
import { E2E_TOKEN } from './env.ts';
import { apiCall, expect, openApp, test, uniq } from './fixtures.ts';

let original: Settings;
test.beforeAll(async ({ request }) => {
  original = await apiCall(request, 'settings.get', {});
});
test.afterAll(async ({ request }) => {
  await apiCall(request, 'settings.update', { phoneRegion: original.phoneRegion });
});

test('opening the printed address leaves no token in the address, the history or any script-readable storage', async ({ page }) => {
  await openApp(page, '#/contacts');
  expect(page.url()).not.toContain(E2E_TOKEN);
  expect(page.url()).toMatch(/\/#\/contacts$/);
  const seen = await page.evaluate(() => ({
    cookie: document.cookie,
    session: JSON.stringify({ ...sessionStorage }),
    local: JSON.stringify({ ...localStorage }),
  }));
  expect(seen.cookie).not.toContain(E2E_TOKEN); // HttpOnly
  expect(seen.session).not.toContain(E2E_TOKEN);
  expect(seen.local).not.toContain(E2E_TOKEN);
  // The page's calls still get in, with the cookie: the list loads, a reload keeps working.
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Contacts' })).toBeVisible();
  await expect(page.getByText('valid token is required')).toHaveCount(0);
  // The redirect never made the token's address a history entry: going back leaves the app.
  await page.goBack();
  expect(page.url()).not.toContain(E2E_TOKEN);
});

test('Settings > Phone numbers: the region that reads numbers written without a country code', async ({ page, request }) => {
  await apiCall(request, 'settings.update', { phoneRegion: 'US' });
  const tag = uniq('tel');
  const uk = await apiCall(request, 'contacts.create', { firstName: 'Uk', lastName: tag, phone: '020 7946 0018' });
  await openApp(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Phone numbers' });
  await expect(section).toContainText('Now: US');
  const field = section.getByLabel('Region for phone numbers');
  await field.fill('zz');
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(section).toContainText(/pick a region from the list/i);
  await field.fill('gb');
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved: numbers without a country code are read as GB numbers.')).toBeVisible();
  await expect(section).toContainText('Now: GB');
  // The same number with its country code is now the UK contact's.
  const res = await request.post('/api/contacts.create', {
    data: { firstName: 'Dup', lastName: tag, phone: '+44 20 7946 0018' },
    headers: { Authorization: `Bearer ${E2E_TOKEN}` },
  });
  expect(res.status()).toBe(409);
  expect(await res.json()).toMatchObject({ error: { code: 'CONFLICT', existingContactId: uk.id } });
});
