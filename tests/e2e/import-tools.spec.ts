// Issue 13 in the import dialog: a European Excel "CSV (semicolon)" file in Windows-1252 and a vCard file,
// previewed with their accents right, imported, and the list exported back as vCard.
// KYRIOS_SHOTS=1 also saves the dialog as docs/screenshots/import-*.png (light and dark).
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { windows1252 } from '../helpers/toolExports.ts';
import { apiCall, expect, expectNoSeriousA11yViolations, openApp, test, uniq } from './fixtures.ts';

const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');

async function chooseFile(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<Locator> {
  await page.getByRole('button', { name: 'Import CSV or vCard' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import contacts from CSV or vCard' });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'Choose a file' }).click();
  await (await chooser).setFiles({ name, mimeType, buffer });
  return dialog;
}

/** The dialog in light and dark, when asked for (KYRIOS_SHOTS=1). */
async function screenshots(page: Page, dialog: Locator, name: string) {
  if (!process.env.KYRIOS_SHOTS) return;
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await page.waitForTimeout(300);
    await dialog.screenshot({ path: path.join(SHOTS, `${name}-${colorScheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function startAndFinish(page: Page, dialog: Locator, importing: string) {
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByRole('button', { name: /^Start import/ }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('alert').filter({ hasText: `Importing ${importing}… — see Bulk Actions` })).toBeVisible();
}

test('a Windows-1252 semicolon file from European Excel: accents right in the preview, imported as they were', async ({ page, request }) => {
  const tag = uniq('xl');
  const file = windows1252(
    [
      'Prénom;Nom;E-mail;Téléphone;Société;Catégories',
      `Hélène;Müller;helene.${tag}@muller.de;+49 89 ${Date.now() % 1e6};"Cœur & Co; Paris";${tag}`,
      `José;Núñez;jose.${tag}@nunez.es;;Œuvre – 50 €;${tag}`,
      '',
    ].join('\r\n'),
  );
  await openApp(page, '#/contacts');
  const dialog = await chooseFile(page, 'clients.csv', 'text/csv', file);
  await expect(dialog.getByTestId('import-file-facts')).toHaveText('clients.csv: 2 rows, 6 columns separated by semicolons, read as Windows-1252.');
  const sample = dialog.getByRole('table', { name: 'First rows of the file' });
  await expect(sample.getByRole('row').nth(1)).toContainText('Cœur & Co; Paris');
  await expect(sample.getByRole('row').nth(2)).toContainText('Œuvre – 50 €');
  await expect(sample.getByRole('columnheader')).toHaveText(['Line', 'Prénom', 'Nom', 'E-mail', 'Téléphone', 'Société', 'Catégories']);
  await expect(dialog.getByRole('combobox', { name: 'Company' })).toHaveText('Société');
  await expect(dialog.getByTestId('import-counts')).toHaveText('2 rows will be imported, 0 have problems');
  await expectNoSeriousA11yViolations(page);
  await screenshots(page, dialog, 'import-windows-1252');

  await startAndFinish(page, dialog, '2 contacts');
  await expect.poll(async () => (await apiCall(request, 'contacts.list', { tag })).total).toBe(2);
  const list = await apiCall(request, 'contacts.list', { tag, sort: 'name' });
  expect(list.rows.map((c) => [c.firstName, c.lastName, c.company])).toEqual([
    ['Hélène', 'Müller', 'Cœur & Co; Paris'],
    ['José', 'Núñez', 'Œuvre – 50 €'],
  ]);
});

test('a vCard file: same preview with card-numbered problems, imported with the other numbers as a note, exported back as vCard', async ({ page, request }) => {
  const tag = uniq('vc');
  const phone = `+1 555 ${String(Date.now() % 1e7).padStart(7, '0')}`;
  const vcf = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    'N:Dubois;Amélie;;;',
    'FN:Amélie Dubois',
    `EMAIL;type=INTERNET;type=pref:amelie.${tag}@dubois.fr`,
    `TEL;type=CELL:${phone}`,
    'TEL;type=WORK:+33 1 23 45 67 89',
    'ORG:Dubois\\, Frères & Fils',
    `CATEGORIES:${tag}`,
    'END:VCARD',
    'BEGIN:VCARD',
    'VERSION:2.1',
    'N;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:L=E9vesque;Ren=E9',
    `EMAIL;PREF;INTERNET:rene.${tag}@levesque.qc.ca`,
    `CATEGORIES:${tag}`,
    'END:VCARD',
    'BEGIN:VCARD',
    'VERSION:3.0',
    'FN:No Way',
    '',
  ].join('\r\n');
  await openApp(page, '#/contacts');
  const dialog = await chooseFile(page, 'contacts.vcf', 'text/vcard', Buffer.from(vcf, 'utf8'));
  await expect(dialog.getByTestId('import-layout')).toHaveText('A vCard file: each card is one contact.');
  await expect(dialog.getByTestId('import-file-facts')).toHaveText('contacts.vcf: 3 cards, read as UTF-8.');
  await expect(dialog.getByTestId('import-counts')).toHaveText('2 rows will be imported, 1 has problems');
  await expect(dialog.getByRole('list', { name: 'Rows with problems' }).getByRole('listitem')).toHaveText([
    'Line 17: card 3: the card has no END:VCARD line',
  ]);
  const sample = dialog.getByRole('table', { name: 'First rows of the file' });
  await expect(sample.getByRole('row').nth(2)).toContainText('René');
  await expect(sample.getByRole('row').nth(2)).toContainText('Lévesque');
  await expectNoSeriousA11yViolations(page);
  await screenshots(page, dialog, 'import-vcard');

  await startAndFinish(page, dialog, '2 contacts');
  await expect.poll(async () => (await apiCall(request, 'contacts.list', { tag })).total).toBe(2);
  const list = await apiCall(request, 'contacts.list', { tag, sort: 'name' });
  expect(list.rows.map((c) => [c.firstName, c.lastName, c.email, c.phone, c.company])).toEqual([
    ['Amélie', 'Dubois', `amelie.${tag}@dubois.fr`, phone, 'Dubois, Frères & Fils'],
    ['René', 'Lévesque', `rene.${tag}@levesque.qc.ca`, null, null],
  ]);
  const amelie = await apiCall(request, 'contacts.get', { id: list.rows[0]!.id });
  expect(amelie.related.notes.map((n) => n.body)).toEqual(['Other phone: +33 1 23 45 67 89']);

  // The filtered list, exported as vCard, holds these two cards.
  await openApp(page, `#/contacts?tag=${tag}&sort=name`);
  await expect(page.getByRole('row')).toHaveCount(3);
  const pending = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export vCard' }).click();
  const download = await pending;
  expect(download.suggestedFilename()).toMatch(/^kyrios-contacts-.*\.vcf$/);
  const text = fs.readFileSync((await download.path())!, 'utf8');
  expect(text.match(/^FN:.*$/gm)).toEqual(['FN:Amélie Dubois', 'FN:René Lévesque']);
  expect(text).toContain(`TEL;TYPE=VOICE:${phone}`);
});
