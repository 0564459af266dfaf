// CSV import and export through the UI: a file with bad rows (preview, partial import, the rows not
// imported as a download), duplicates skipped or merged, a 10,000-row file with its progress bar, and
// exports of a filtered list and of deleted contacts with their related records.
import fs from 'node:fs';
import Papa from 'papaparse';
import type { Download, Page } from '@playwright/test';
import { E2E_TOKEN } from './env.ts';
import { apiCall, expect, expectNoSeriousA11yViolations, openApp, seedContactWithRelated, test, uniq } from './fixtures.ts';

/** Opens the import dialog from the Contacts toolbar and chooses `csv` as if picked in the file chooser. */
async function chooseCsv(page: Page, name: string, csv: string | Buffer) {
  const dialog = page.getByRole('dialog', { name: 'Import contacts from CSV or vCard' });
  if (!(await dialog.isVisible())) await page.getByRole('button', { name: 'Import CSV or vCard' }).click();
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'Choose a file' }).click();
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: typeof csv === 'string' ? Buffer.from(csv, 'utf8') : csv });
  return dialog;
}

/** Goes to the last step, picks the duplicate rule and starts; checks the snackbar and follows it to Bulk Actions. */
async function startImport(page: Page, dialog: ReturnType<Page['getByRole']>, duplicates: 'skip' | 'update', importing: string) {
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog
    .getByRole('radio', { name: duplicates === 'skip' ? 'Skip contacts whose email or phone already exists' : 'Update the existing contact' })
    .check();
  await dialog.getByRole('button', { name: /^Start import/ }).click();
  await expect(dialog).toBeHidden();
  const snack = page.getByRole('alert').filter({ hasText: `Importing ${importing}… — see Bulk Actions` });
  await expect(snack).toBeVisible();
  await snack.getByRole('button', { name: 'Open Bulk Actions' }).click();
  await expect(page).toHaveURL(/#\/bulk$/);
  // Newest first: the import just started is the top row.
  return page.getByTestId('bulk-action-row').first();
}

/** A download's CSV as rows of cells (BOM dropped). */
function readCsv(download: Download, path: string): string[][] {
  const text = fs.readFileSync(path, 'utf8').replace(/^\ufeff/, '');
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  return Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
}

async function download(page: Page, click: () => Promise<void>): Promise<string[][]> {
  const pending = page.waitForEvent('download');
  await click();
  const d = await pending;
  return readCsv(d, (await d.path())!);
}

/** Records (in the page) every value an "Import progress" bar takes, as the DOM changes. */
function recordImportBar() {
  const seen: number[] = [];
  (window as unknown as { importBar: number[] }).importBar = seen;
  const record = () => {
    for (const el of document.querySelectorAll('[role="progressbar"][aria-label="Import progress"]')) {
      const v = Number(el.getAttribute('aria-valuenow'));
      if (seen.at(-1) !== v) seen.push(v);
    }
  };
  new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
}
const barValues = () => (window as unknown as { importBar: number[] }).importBar;

const contactLinks = (page: Page, tag: string) => page.getByRole('table', { name: 'Contacts' }).getByRole('link', { name: new RegExp(tag) });

test('a file with bad rows: their lines in the preview, the good rows imported, the bad ones downloadable', async ({ page }) => {
  const tag = uniq('imp');
  const csv = [
    'First name,Last name,Email,Phone,Tags',
    `Ana,${tag},ana.${tag}@example.com,,${tag}`, // 2
    `Ben,${tag},not-an-email,,${tag}`, // 3: bad email
    `Cai,${tag},cai.${tag}@example.com,,${tag}`, // 4
    `,,,,${tag}`, // 5: no name, email or phone
    `Dee,${tag},ana.${tag}@example.com,,${tag}`, // 6: repeats line 2's email
    `"Eve, Jr",${tag},eve.${tag}@example.com,+1 555 0100,${tag}`, // 7: a quoted comma
    `Fay,${tag},,abc,${tag}`, // 8: bad phone
  ].join('\r\n');
  await openApp(page, '#/contacts');
  // A binary file is refused in the dialog with the core's advice; another file can be chosen at once.
  const binary = await chooseCsv(page, 'photo.csv', Buffer.from([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0x00, 0x01, 0x02]));
  await expect(binary.getByText('This file is not a text file')).toContainText('Choose a CSV, tab-separated text or vCard (.vcf) file');
  const dialog = await chooseCsv(page, `bad-rows-${tag}.csv`, csv);

  // The preview: detected columns, the first rows, the suggested mapping and the problems by line.
  await expect(dialog.getByRole('list', { name: 'Detected columns' }).getByRole('listitem')).toHaveCount(5);
  await expect(dialog.getByRole('table', { name: 'First rows of the file' }).getByRole('row')).toHaveCount(8); // header + 7
  await expect(dialog.getByRole('combobox', { name: 'First name' })).toBeFocused();
  await expect(dialog.getByRole('combobox', { name: 'Email' })).toHaveText('Email');
  await expect(dialog.getByRole('combobox', { name: 'Company' })).toHaveText("Don't import");
  const counts = dialog.getByTestId('import-counts');
  await expect(counts).toHaveText('3 rows will be imported, 4 have problems');
  const problems = dialog.getByRole('list', { name: 'Rows with problems' }).getByRole('listitem');
  await expect(problems).toHaveText([
    'Line 3: email must be a valid email address',
    'Line 5: a contact needs at least a name, an email or a phone number',
    'Line 6: same email or phone as line 2 of this file',
    'Line 8: phone may hold only digits, spaces and + ( ) . - x',
  ]);

  await expectNoSeriousA11yViolations(page);

  // Changing the mapping previews again: without the phone column, line 8 is fine.
  // (Phone takes several columns: its list stays open, each column toggled on or off.)
  await dialog.getByRole('combobox', { name: 'Phone' }).click();
  await page.getByRole('option', { name: 'Phone' }).click();
  await page.keyboard.press('Escape');
  await expect(counts).toHaveText('4 rows will be imported, 3 have problems');
  await dialog.getByRole('combobox', { name: 'Phone' }).click();
  await page.getByRole('option', { name: 'Phone' }).click();
  await page.keyboard.press('Escape');
  await expect(counts).toHaveText('3 rows will be imported, 4 have problems');

  const row = await startImport(page, dialog, 'skip', '3 contacts');
  await expect(row).toContainText('Import');
  await expect(row).toContainText('Complete · Imported 3 of 7 · 4 not imported');
  await expect(row).toContainText('Not imported 4: 4 rows with problems');

  await row.getByRole('button', { name: 'Actions' }).click();
  const rows = await download(page, () => page.getByRole('menuitem', { name: 'Download rows not imported' }).click());
  expect(rows).toEqual([
    ['line', 'reason', 'First name', 'Last name', 'Email', 'Phone', 'Tags'],
    ['3', 'email must be a valid email address', 'Ben', tag, 'not-an-email', '', tag],
    ['5', 'a contact needs at least a name, an email or a phone number', '', '', '', '', tag],
    ['6', 'same email or phone as line 2 of this file', 'Dee', tag, `ana.${tag}@example.com`, '', tag],
    ['8', 'phone may hold only digits, spaces and + ( ) . - x', 'Fay', tag, '', 'abc', tag],
  ]);

  await openApp(page, `#/contacts?tag=${tag}&sort=name`);
  await expect(contactLinks(page, tag)).toHaveText([`Ana ${tag}`, `Cai ${tag}`, `Eve, Jr ${tag}`]);
});

test('duplicates of existing contacts: skipped, then merged into the existing contact', async ({ page, request }) => {
  const tag = uniq('dupimp');
  const gus = await apiCall(request, 'contacts.create', {
    firstName: 'Gus',
    lastName: tag,
    email: `gus.${tag}@example.com`,
    phone: '555 0199',
    company: 'Old Co',
    tags: [tag],
  });
  const header = 'First name,Last name,Email,Company,Tags';
  await openApp(page, '#/contacts');

  // Skip: Gus stays exactly as he was; Hal is new. This file is dropped on the dialog's drop zone.
  await page.getByRole('button', { name: 'Import CSV or vCard' }).click();
  let dialog = page.getByRole('dialog', { name: 'Import contacts from CSV or vCard' });
  const skipCsv = [header, `Gustav,${tag},gus.${tag}@example.com,New Co,${tag}`, `Hal,${tag},hal.${tag}@example.com,Hal Co,${tag}`].join('\n');
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'skip.csv', { type: 'text/csv' }));
    return dt;
  }, skipCsv);
  await dialog.getByRole('group', { name: 'Drop a CSV or vCard file here' }).dispatchEvent('drop', { dataTransfer });
  await expect(dialog.getByTestId('import-counts')).toHaveText('2 rows will be imported, 0 have problems');
  let row = await startImport(page, dialog, 'skip', '2 contacts');
  await expect(row).toContainText('Complete · Imported 1 of 2 · 1 not imported');
  await expect(row).toContainText('Not imported 1: 1 duplicate skipped');
  const afterSkip = await apiCall(request, 'contacts.get', { id: gus.id });
  expect(afterSkip.contact).toEqual(gus);
  let list = await apiCall(request, 'contacts.list', { tag, sort: 'name' });
  expect(list.rows.map((c) => `${c.firstName} ${c.company}`)).toEqual(['Gus Old Co', 'Hal Hal Co']);

  // Update: Gus takes the row's values (and a new tag), Ivy is new, no second Gus.
  await page.getByRole('tab', { name: 'Contacts' }).click();
  dialog = await chooseCsv(
    page,
    'update.csv',
    [header, `Gustav,${tag},gus.${tag}@example.com,New Co,${tag};vip${tag}`, `Ivy,${tag},ivy.${tag}@example.com,Ivy Co,${tag}`].join('\n'),
  );
  row = await startImport(page, dialog, 'update', '2 contacts');
  await expect(row).toContainText('Complete · Imported 2');
  await expect(row).not.toContainText('not imported');
  const afterUpdate = (await apiCall(request, 'contacts.get', { id: gus.id })).contact;
  expect(afterUpdate).toMatchObject({ firstName: 'Gustav', company: 'New Co', phone: '555 0199', email: `gus.${tag}@example.com` });
  expect(afterUpdate.tags.sort()).toEqual([tag, `vip${tag}`].sort());
  list = await apiCall(request, 'contacts.list', { query: `gus.${tag}@example.com` });
  expect(list.total).toBe(1);

  await openApp(page, `#/contacts?tag=${tag}&sort=name`);
  await expect(contactLinks(page, tag)).toHaveText([`Gustav ${tag}`, `Hal ${tag}`, `Ivy ${tag}`]);
});

test('a 10,000-row file: the progress bar moves, then Complete · Imported 10,000', async ({ page }) => {
  test.setTimeout(90_000);
  const tag = uniq('big');
  const lines = ['First name,Last name,Tags'];
  for (let i = 1; i <= 10_000; i++) lines.push(`P${i},${tag},${tag}`);
  await openApp(page, '#/contacts');
  const dialog = await chooseCsv(page, 'ten-thousand.csv', lines.join('\n'));
  await expect(dialog.getByTestId('import-counts')).toHaveText('10,000 rows will be imported, 0 have problems');

  // Bulk Actions open in a second window before the start, so the row is there from the first chunk
  // on a loaded machine too; both windows record every value their bar takes, and the watcher also
  // records the progress events the core pushes.
  const watcher = await page.context().newPage();
  await openApp(watcher, '#/bulk');
  await expect(watcher.getByRole('table', { name: 'Bulk actions' }).or(watcher.getByText('No bulk actions yet'))).toBeVisible();
  await watcher.evaluate((token) => {
    const w = window as unknown as { progressEvents: { processed: number; total: number; status: string }[] };
    w.progressEvents = [];
    new EventSource(`/api/events?token=${token}`).addEventListener('bulkActions.progress', (e) => {
      w.progressEvents.push(JSON.parse((e as MessageEvent<string>).data) as { processed: number; total: number; status: string });
    });
  }, E2E_TOKEN);
  for (const p of [page, watcher]) await p.evaluate(recordImportBar);
  const row = await startImport(page, dialog, 'skip', '10,000 contacts');
  await expect(row).toContainText('Complete · Imported 10,000', { timeout: 60_000 });
  await expect(row.getByRole('progressbar')).toHaveCount(0);
  await expect(watcher.getByTestId('bulk-action-row').first()).toContainText('Complete · Imported 10,000');

  const seen = [...(await page.evaluate(barValues)), ...(await watcher.evaluate(barValues))];
  const events = await watcher.evaluate(() => (window as unknown as { progressEvents: { processed: number; total: number; status: string }[] }).progressEvents);
  expect(events.some((e) => e.total === 10_000 && e.processed > 0 && e.processed < 10_000)).toBe(true);
  expect(events.at(-1)).toMatchObject({ processed: 10_000, total: 10_000, status: 'complete' });
  if (!seen.some((v) => v > 0 && v < 100)) {
    // The brief's fallback: the import ran too fast for either window to draw the bar mid-way.
    const note = `progress bar not caught mid-way (values seen: ${seen.join(' ') || 'none'}); progress events asserted instead`;
    test.info().annotations.push({ type: 'note', description: note });
    console.log(note);
  } else {
    expect(seen.some((v) => v > 0 && v < 100)).toBe(true);
  }
  await watcher.close();

  await openApp(page, `#/contacts?tag=${tag}`);
  await expect(page.getByText('1–25 of 10,000')).toBeVisible();
});

test('export: the filtered list, and deleted contacts with their related records', async ({ page, request }) => {
  const tag = uniq('exp');
  const other = uniq('oth');
  const names = ['Kim', 'Lou', 'Max'];
  for (const n of names) {
    await apiCall(request, 'contacts.create', { firstName: n, lastName: tag, email: `${n.toLowerCase()}.${tag}@example.com`, tags: [tag] });
  }
  await apiCall(request, 'contacts.create', { firstName: 'Ned', lastName: tag, email: `ned.${tag}@example.com`, tags: [other] });

  await openApp(page, '#/contacts');
  await page.getByLabel('Search contacts').fill(tag);
  await expect(contactLinks(page, tag)).toHaveCount(4);
  await page.getByRole('combobox', { name: /^Tag/ }).click();
  await page.getByRole('option', { name: `${tag} (3)` }).click();
  await expect(contactLinks(page, tag)).toHaveCount(3);

  const exported = await download(page, () => page.getByRole('button', { name: 'Export CSV' }).click());
  // Readable headers, related records as readable lines (issue 16 item 13).
  const contactColumns = ['Id', 'First name', 'Last name', 'Email', 'Phone', 'Company', 'Tags', 'Source', 'Created', 'Updated'];
  const relatedColumns = ['Conversations', 'Notes', 'Opportunities', 'Tasks', 'Appointments', 'Manual actions'];
  expect(exported[0]).toEqual([...contactColumns, ...relatedColumns]);
  expect(exported).toHaveLength(4);
  for (const r of exported) expect(r).toHaveLength(16);
  expect(exported.slice(1).map((r) => r[3]).sort()).toEqual(names.map((n) => `${n.toLowerCase()}.${tag}@example.com`).sort());
  expect(exported.slice(1).every((r) => r[6] === tag)).toBe(true);

  // The Restore tab: two of three deleted contacts, with the related records their deletion removed.
  const del = uniq('gone');
  const ola = await seedContactWithRelated(request, { firstName: 'Ola', lastName: del, email: `ola.${del}@example.com` });
  const pia = await seedContactWithRelated(request, { firstName: 'Pia', lastName: del, email: `pia.${del}@example.com` });
  const quin = await seedContactWithRelated(request, { firstName: 'Quin', lastName: del, email: `quin.${del}@example.com` });
  for (const c of [ola, pia, quin]) await apiCall(request, 'contacts.deleteOne', { id: c.id });

  await page.getByRole('tab', { name: 'Restore' }).click();
  await page.getByLabel('Search deleted contacts').fill(del);
  // The search applies after its debounce (and resets the selection): wait for it, or three rows of the
  // unsearched tab could pass for the result and a box checked before it would be cleared.
  await expect(page).toHaveURL(new RegExp(`#/restore\\?q=${del}$`));
  await expect(page.getByTestId('deleted-row')).toHaveCount(3);
  await page.getByRole('checkbox', { name: `Select Ola ${del}` }).check();
  await page.getByRole('checkbox', { name: `Select Pia ${del}` }).check();
  const deleted = await download(page, () => page.getByRole('button', { name: 'Export CSV' }).click());
  expect(deleted[0]).toEqual([...contactColumns, 'Deleted', 'Deleted by', 'Purged on', ...relatedColumns]);
  expect(deleted).toHaveLength(3);
  const byEmail = new Map(deleted.slice(1).map((r) => [r[3], r]));
  expect([...byEmail.keys()].sort()).toEqual([`ola.${del}@example.com`, `pia.${del}@example.com`]);
  for (const [first, c] of [['Ola', ola], ['Pia', pia]] as const) {
    const r = byEmail.get(`${first.toLowerCase()}.${del}@example.com`)!;
    expect(r).toHaveLength(19);
    expect(r[0]).toBe(c.id);
    const col = (name: string) => r[deleted[0]!.indexOf(name)]!;
    expect(col('Notes')).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC: Note about ${first}$`));
    const conversation = col('Conversations').split('\n');
    expect(conversation[0]).toBe(`Email · Renewal for ${first} · 2 messages`);
    expect(conversation.slice(1).map((l) => l.replace(/^ {2}(Received|Sent) [^:]+:\d{2} UTC: /, '')).sort()).toEqual([`Hello from ${first}`, `Reply to ${first}`]);
    expect(col('Tasks')).toBe(`Call ${first} back · no due date · open`);
  }
});

test('a file with more rows than one import takes: the dialog says to split it, and the app keeps answering', async ({ page, request }) => {
  // 60,000 one-character rows (120 KB): past the 50,000-row cap, read on the core's worker thread.
  const rows = 'x\n'.repeat(60_000);
  await openApp(page, '#/contacts');
  const dialog = await chooseCsv(page, 'too-many.csv', `First name\n${rows}`);
  const listed = await apiCall(request, 'contacts.list', { limit: 1 });
  expect(listed.total).toBeGreaterThanOrEqual(0);
  await expect(dialog.getByRole('alert')).toContainText(
    'The file has more than 50,000 rows; one import takes at most 50,000. Split it into smaller files and import them one by one.',
  );
  await expect(dialog.getByTestId('import-counts')).toHaveCount(0);
});

test('export: a cell a spreadsheet would run as a formula is written as text; a phone number stays as it is', async ({ page, request }) => {
  const tag = uniq('fx');
  // A number of its own: other tests of this run create contacts with phone numbers too.
  const phone = `+1 555 ${String(Date.now()).slice(-7)}`;
  await apiCall(request, 'contacts.create', {
    firstName: '=HYPERLINK("http://x","y")',
    lastName: tag,
    company: "+1+cmd|' /C calc'!A0",
    phone,
    tags: [tag],
  });
  await openApp(page, `#/contacts?tag=${tag}`);
  await expect(contactLinks(page, tag)).toHaveCount(1);
  const exported = await download(page, () => page.getByRole('button', { name: 'Export CSV' }).click());
  const [header, row] = exported;
  const col = (name: string) => row![header!.indexOf(name)];
  expect(col('First name')).toBe(`'=HYPERLINK("http://x","y")`);
  expect(col('Company')).toBe(`'+1+cmd|' /C calc'!A0`);
  expect(col('Phone')).toBe(phone);
});
