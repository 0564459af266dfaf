// The contact lifecycle through the UI: delete through the DELETE modal, restore from the Restore tab
// with every related record back, Undo, and permanent delete.
import { apiCall, expect, openApp, seedContactWithRelated, test, uniq } from './fixtures.ts';

test('delete two contacts through the modal, then restore them with all their records', async ({ page, request }) => {
  const tag = uniq('pair');
  const ada = await seedContactWithRelated(request, { firstName: 'Ada', lastName: tag, email: `ada.${tag}@example.com`, tags: [tag] });
  const bob = await seedContactWithRelated(request, { firstName: 'Bob', lastName: tag, email: `bob.${tag}@example.com`, tags: [tag] });
  await seedContactWithRelated(request, { firstName: 'Cleo', lastName: tag, tags: [tag] }); // stays

  await openApp(page, `#/contacts?tag=${tag}`);
  const rowBoxes = page.getByRole('checkbox', { name: new RegExp(`^Select .* ${tag}$`) });
  await expect(rowBoxes).toHaveCount(3);
  await page.getByRole('checkbox', { name: `Select Ada ${tag}` }).check();
  await page.getByRole('checkbox', { name: `Select Bob ${tag}` }).check();
  await expect(page.getByText('2 selected')).toBeVisible();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();

  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('2 contacts');
  const counts = dialog.getByRole('list', { name: 'Related records that will be deleted' });
  await expect(counts).toContainText('2 conversations');
  await expect(counts).toContainText('4 messages');
  await expect(counts).toContainText('2 manual actions');
  await expect(dialog).toContainText('60 days');

  const field = dialog.getByLabel(/DELETE/);
  const confirm = dialog.getByRole('button', { name: 'Delete', exact: true });
  await expect(confirm).toBeDisabled();
  await field.fill('delete');
  await expect(confirm).toBeDisabled();
  await field.fill('DELET');
  await expect(confirm).toBeDisabled();
  await field.fill('DELETE');
  await expect(confirm).toBeEnabled();
  await confirm.click();

  await expect(dialog).toBeHidden();
  await expect(page.getByRole('alert').filter({ hasText: 'Deleted 2 contacts' })).toBeVisible();
  await expect(rowBoxes).toHaveCount(1);
  await expect(page.getByRole('checkbox', { name: `Select Cleo ${tag}` })).toBeVisible();

  // The Restore tab lists them, with their counts.
  await page.getByRole('tab', { name: 'Restore' }).click();
  await page.getByLabel('Search deleted contacts').fill(tag);
  const rows = page.getByTestId('deleted-row');
  await expect(rows).toHaveCount(2);
  for (const row of await rows.all()) {
    await expect(row).toContainText('1 conversation, 2 messages, 1 note, 1 opportunity, 1 task, 1 appointment, 1 manual action');
    await expect(row).toContainText(/Purges in (59|60) days/);
  }
  await expect(page.getByText(/60 days/).first()).toBeVisible();

  await page.getByRole('checkbox', { name: `Select Ada ${tag}` }).check();
  await page.getByRole('checkbox', { name: `Select Bob ${tag}` }).check();
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  const restoreDialog = page.getByRole('dialog');
  await expect(restoreDialog).toContainText('2 contacts will come back');
  await expect(restoreDialog.getByRole('list', { name: 'Related records that will come back' })).toContainText('4 messages');
  await restoreDialog.getByRole('button', { name: 'Confirm' }).click();
  // Said once: the dialog closes and the snackbar says what came back (issue 16 item 7).
  await expect(restoreDialog).toBeHidden();
  await expect(page.getByRole('alert').filter({ hasText: 'Restored 2 contacts.' })).toBeVisible();
  await expect(rows).toHaveCount(0);

  // Every related record is back on each contact's page.
  for (const [c, first] of [
    [ada, 'Ada'],
    [bob, 'Bob'],
  ] as const) {
    await page.getByRole('tab', { name: 'Contacts' }).click();
    await expect(rowBoxes).toHaveCount(3);
    await page.getByRole('link', { name: `${first} ${tag}` }).click();
    await expect(page).toHaveURL(new RegExp(`#/contacts/${c.id}`));
    const main = page.getByRole('main');
    for (const text of [
      `Renewal for ${first}`,
      `Hello from ${first}`,
      `Reply to ${first}`,
      `Note about ${first}`,
      `Deal with ${first}`,
      `Call ${first} back`,
      `Demo for ${first}`,
      `Follow up ${first}`,
    ]) {
      await expect(main.getByText(text, { exact: false }).first()).toBeVisible();
    }
    for (const section of ['Conversations (1)', 'Notes (1)', 'Opportunities (1)', 'Tasks (1)', 'Appointments (1)', 'Manual actions (1)']) {
      await expect(main.getByRole('heading', { name: section })).toBeVisible();
    }
  }
});

test('Undo brings back a contact deleted from its page', async ({ page, request }) => {
  const tag = uniq('undo');
  const c = await seedContactWithRelated(request, { firstName: 'Uma', lastName: tag, tags: [tag] });
  await openApp(page, `#/contacts/${c.id}`);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('1 contact');
  await expect(dialog).toContainText('2 messages');
  await dialog.getByLabel(/DELETE/).fill('DELETE');
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();

  const snackbar = page.getByRole('alert').filter({ hasText: `Deleted Uma ${tag}` });
  await expect(snackbar).toBeVisible();
  await snackbar.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('alert').filter({ hasText: `Restored Uma ${tag}.` })).toBeVisible();

  await page.getByLabel('Search contacts').fill(tag);
  await page.getByRole('link', { name: `Uma ${tag}` }).click();
  await expect(page.getByRole('heading', { name: 'Notes (1)' })).toBeVisible();
  await expect(page.getByText(`Hello from Uma`)).toBeVisible();
});

test('Undo after deleting from the list restores that bulk delete', async ({ page, request }) => {
  const tag = uniq('undolist');
  await seedContactWithRelated(request, { firstName: 'Vic', lastName: tag, tags: [tag] });
  await openApp(page, `#/contacts?tag=${tag}`);
  await page.getByRole('checkbox', { name: `Select Vic ${tag}` }).check();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByLabel(/DELETE/).fill('DELETE');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByRole('checkbox', { name: `Select Vic ${tag}` })).toHaveCount(0);
  await page.getByRole('alert').filter({ hasText: 'Deleted 1 contact' }).getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('checkbox', { name: `Select Vic ${tag}` })).toBeVisible();
});

test('Delete permanently from the Restore tab, behind its own typed confirmation', async ({ page, request }) => {
  const tag = uniq('purge');
  const c = await seedContactWithRelated(request, { firstName: 'Pia', lastName: tag, tags: [tag] });
  await apiCall(request, 'contacts.deleteOne', { id: c.id });

  await openApp(page, `#/restore?q=${tag}`);
  const rows = page.getByTestId('deleted-row');
  await expect(rows).toHaveCount(1);
  await page.getByRole('checkbox', { name: `Select Pia ${tag}` }).check();
  await page.getByRole('button', { name: 'Delete permanently' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('cannot be undone');
  const confirm = dialog.getByRole('button', { name: 'Delete permanently' });
  await dialog.getByLabel(/DELETE/).fill('delete');
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/DELETE/).fill('DELETE');
  await confirm.click();
  await expect(page.getByRole('alert').filter({ hasText: 'Permanently deleted 1 contact' })).toBeVisible();
  await expect(rows).toHaveCount(0);

  // Gone for good: it cannot be restored any more.
  const res = await request.post('/api/restore.contacts', { data: { ids: [c.id] }, headers: { Authorization: 'Bearer kyrios-e2e-token-0123456789abcdef' } });
  const body = (await res.json()) as { restored?: string[]; error?: { code: string } };
  expect(body.restored ?? []).toEqual([]);
});

test('a restore that conflicts with a live contact says why and keeps the contact in the Restore tab', async ({ page, request }) => {
  const tag = uniq('clash');
  const email = `same.${tag}@example.com`;
  const old = await apiCall(request, 'contacts.create', { firstName: 'Olga', lastName: tag, email });
  await apiCall(request, 'contacts.deleteOne', { id: old.id });
  await apiCall(request, 'contacts.create', { firstName: 'Newer', lastName: tag, email });

  await openApp(page, `#/restore?q=${tag}`);
  await page.getByRole('checkbox', { name: `Select Olga ${tag}` }).check();
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('1 contact will be skipped');
  await expect(dialog).toContainText(`Olga ${tag}`);
  await expect(dialog.getByRole('button', { name: 'Confirm' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('deleted-row')).toHaveCount(1);
});
