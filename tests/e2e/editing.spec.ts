// Day-to-day editing: create and edit a contact, add, edit and delete related records, duplicates,
// and a list state that survives a reload.
import { apiCall, expect, openApp, test, uniq } from './fixtures.ts';

test('create a contact, edit it, and manage its related records', async ({ page }) => {
  const tag = uniq('edit');
  await openApp(page, '#/contacts');
  await page.getByRole('button', { name: 'New contact' }).click();
  const form = page.getByRole('dialog', { name: 'New contact' });
  await form.getByLabel('First name').fill('Greta');
  await form.getByLabel('Last name').fill(tag);
  await form.getByLabel('Email').fill('not-an-email');
  await form.getByRole('button', { name: 'Create contact' }).click();
  await expect(form.getByText('must be a valid email address').first()).toBeVisible();
  await form.getByLabel('Email').fill(`greta.${tag}@example.com`);
  await form.getByLabel('Tags').fill(tag);
  await form.getByLabel('Tags').press('Enter');
  await form.getByRole('button', { name: 'Create contact' }).click();

  // Creating opens the new contact's page.
  await expect(page.getByRole('heading', { name: `Greta ${tag}` })).toBeVisible();
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const edit = page.getByRole('dialog', { name: 'Edit contact' });
  await edit.getByLabel('Company').fill('Fjord Works');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('main').getByText('Fjord Works')).toBeVisible();

  // A note: add, edit, delete (with confirmation).
  await page.getByRole('button', { name: 'Add note' }).click();
  const noteForm = page.getByRole('dialog', { name: 'Add note' });
  await noteForm.getByLabel('Note').fill('Likes early meetings');
  await noteForm.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByRole('heading', { name: 'Notes (1)' })).toBeVisible();
  await page.getByRole('button', { name: 'Edit note Likes early meetings' }).click();
  await page.getByRole('dialog', { name: 'Edit note' }).getByLabel('Note').fill('Likes late meetings');
  await page.getByRole('dialog', { name: 'Edit note' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Likes late meetings')).toBeVisible();
  await page.getByRole('button', { name: 'Delete note Likes late meetings' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this note?' });
  await expect(confirm).toContainText('Restoring the contact later does not bring it back');
  await confirm.getByRole('button', { name: 'Delete note' }).click();
  await expect(page.getByRole('heading', { name: 'Notes (0)' })).toBeVisible();

  // A conversation with a message, an opportunity and an appointment.
  await page.getByRole('button', { name: 'Add conversation' }).click();
  const conv = page.getByRole('dialog', { name: 'Add conversation' });
  await conv.getByLabel('Subject').fill('Pricing');
  await conv.getByRole('button', { name: 'Add' }).click();
  await page.getByRole('button', { name: 'Add message' }).click();
  await page.getByRole('dialog', { name: 'Add message' }).getByLabel('Message').fill('What does the team plan cost?');
  await page.getByRole('dialog', { name: 'Add message' }).getByRole('button', { name: 'Add' }).click();
  await expect(page.getByText('What does the team plan cost?')).toBeVisible();

  await page.getByRole('button', { name: 'Add opportunity' }).click();
  const opp = page.getByRole('dialog', { name: 'Add opportunity' });
  await opp.getByLabel('Name').fill('Team plan');
  await opp.getByLabel('Value (USD)').fill('9000');
  await opp.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByText('$9,000')).toBeVisible();

  await page.getByRole('button', { name: 'Add appointment' }).click();
  const appt = page.getByRole('dialog', { name: 'Add appointment' });
  await appt.getByLabel('Title').fill('Kick-off');
  await appt.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByRole('heading', { name: 'Appointments (1)' })).toBeVisible();
});

test('a duplicate email is refused with a link to the existing contact', async ({ page, request }) => {
  const tag = uniq('dup');
  const existing = await apiCall(request, 'contacts.create', { firstName: 'Hugo', lastName: tag, email: `hugo.${tag}@example.com` });
  await openApp(page, '#/contacts');
  await page.getByRole('button', { name: 'New contact' }).click();
  const form = page.getByRole('dialog', { name: 'New contact' });
  await form.getByLabel('First name').fill('Other');
  await form.getByLabel('Email').fill(`hugo.${tag}@example.com`);
  await form.getByRole('button', { name: 'Create contact' }).click();
  await form.getByRole('button', { name: 'Open the existing contact' }).click();
  await expect(page).toHaveURL(new RegExp(`#/contacts/${existing.id}`));
  await expect(page.getByRole('heading', { name: `Hugo ${tag}` })).toBeVisible();
});

test('search, tag and sort survive a reload; the list is usable from the keyboard', async ({ page, request }) => {
  const tag = uniq('keep');
  for (const first of ['Ines', 'Jack', 'Kara']) await apiCall(request, 'contacts.create', { firstName: first, lastName: tag, tags: [tag] });
  await openApp(page, '#/contacts');
  await page.getByLabel('Search contacts').fill(tag);
  await expect(page.getByRole('link', { name: new RegExp(tag) })).toHaveCount(3);
  await page.getByRole('button', { name: 'Name' }).click(); // sort by name, ascending
  await expect(page.getByRole('link', { name: new RegExp(tag) }).first()).toHaveText(`Ines ${tag}`);
  await page.getByRole('button', { name: 'Name' }).click(); // descending
  await expect(page.getByRole('link', { name: new RegExp(tag) }).first()).toHaveText(`Kara ${tag}`);
  await expect(page).toHaveURL(/sort=-name/);

  await page.reload();
  await expect(page.getByLabel('Search contacts')).toHaveValue(tag);
  await expect(page.getByRole('link', { name: new RegExp(tag) }).first()).toHaveText(`Kara ${tag}`);

  // Keyboard only: select with Space, open the modal, type DELETE, confirm with Enter.
  await page.getByRole('checkbox', { name: `Select Jack ${tag}` }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Delete', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel(/DELETE/)).toBeFocused();
  await page.keyboard.type('DELETE');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('link', { name: new RegExp(tag) })).toHaveCount(2);

  // The created-date filter: nothing was created in 2099.
  await page.getByLabel('Created from').fill('2099-01-01');
  await expect(page.getByText('No contacts match')).toBeVisible();
  await expect(page).toHaveURL(/from=2099-01-01/);
  await page.getByLabel('Created from').fill('');
  await expect(page.getByRole('link', { name: new RegExp(tag) })).toHaveCount(2);
});
