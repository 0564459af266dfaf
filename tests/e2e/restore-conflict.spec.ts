// Issue 16 item 4: the restore-conflict dialog is no longer a dead end. It names and links the live
// contact that holds the email, and offers a restore without the email (kept in a note) and a merge
// of the deleted contact's records into the live one, each previewed and undoable. At 1440×900 and
// 1024×700, light and dark, with axe on the dialogs.
import type { APIRequestContext } from '@playwright/test';
import { apiCall, expect, expectNoSeriousA11yViolations, openApp, seedContactWithRelated, test, uniq } from './fixtures.ts';

test.describe.configure({ timeout: 120_000 });

/** Olga (8 related records) deleted; Newer now holds her email. */
async function clash(request: APIRequestContext) {
  const tag = uniq('clash');
  const email = `same.${tag}@example.com`;
  const olga = await seedContactWithRelated(request, { firstName: 'Olga', lastName: tag, email, tags: [tag] });
  await apiCall(request, 'contacts.deleteOne', { id: olga.id });
  const newer = await apiCall(request, 'contacts.create', { firstName: 'Newer', lastName: tag, email });
  return { tag, email, olga, newer };
}

const relatedCount = async (request: APIRequestContext, id: string) => {
  const { related } = await apiCall(request, 'contacts.get', { id });
  return Object.values(related).reduce((n, list) => n + list.length + list.reduce((m: number, r: { messages?: unknown[] }) => m + (r.messages?.length ?? 0), 0), 0);
};

for (const vp of [
  { name: '1440×900', width: 1440, height: 900 },
  { name: '1024×700', width: 1024, height: 700 },
] as const) {
  for (const scheme of ['light', 'dark'] as const) {
    test.describe(`${vp.name}, ${scheme}`, () => {
      test.use({ viewport: { width: vp.width, height: vp.height }, colorScheme: scheme });

      test('names the holder, restores without the email into a note, merges the records, and undoes both', async ({ page, request }) => {
        const { tag, email, olga, newer } = await clash(request);
        await openApp(page, `#/restore?q=${tag}`);
        await page.getByRole('checkbox', { name: `Select Olga ${tag}` }).check();
        await page.getByRole('button', { name: 'Restore', exact: true }).click();
        const dialog = page.getByRole('dialog');
        const ways = dialog.getByTestId('conflict-ways-out');
        // (a) The live contact is named and linked.
        await expect(ways).toContainText(`Its email is held by Newer ${tag}.`);
        await expect(ways.getByRole('link', { name: `Newer ${tag}` })).toHaveAttribute('href', `#/contacts/${newer.id}`);
        await expectNoSeriousA11yViolations(page);

        // (c) Merge, previewed with its counts.
        await ways.getByRole('button', { name: `Merge its records into Newer ${tag}…` }).click();
        const merge = page.getByRole('dialog', { name: `Merge the records of Olga ${tag} into Newer ${tag}?` });
        await expect(merge).toContainText(`Moves 8 related records to Newer ${tag}. Olga ${tag} stays deleted, in the Restore tab.`);
        await expectNoSeriousA11yViolations(page);
        await merge.getByRole('button', { name: `Merge into Newer ${tag}` }).click();
        const toast = page.getByRole('alert').filter({ hasText: `Merged 8 records of Olga ${tag} into Newer ${tag}.` });
        await expect(toast).toBeVisible();
        expect(await relatedCount(request, newer.id)).toBe(8);
        await expect(page.getByTestId('deleted-row')).toHaveCount(1);
        await toast.getByRole('button', { name: 'Undo' }).click();
        await expect(page.getByRole('alert').filter({ hasText: 'Merge undone' })).toBeVisible();
        expect(await relatedCount(request, newer.id)).toBe(0);

        // (b) Restore without the email, the note previewed.
        await page.getByRole('checkbox', { name: `Select Olga ${tag}` }).check();
        await page.getByRole('button', { name: 'Restore', exact: true }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Restore without its email…' }).click();
        const without = page.getByRole('dialog', { name: `Restore Olga ${tag} without its email?` });
        await expect(without).toContainText(`Brings back Olga ${tag} with 8 related records, without its email.`);
        await expect(without.locator('pre')).toContainText(`Email: ${email}`);
        await expectNoSeriousA11yViolations(page);
        await without.getByRole('button', { name: 'Restore without email' }).click();
        const restored = page.getByRole('alert').filter({ hasText: `Restored Olga ${tag} without its email, kept in a note on it.` });
        await expect(restored).toBeVisible();
        await expect(page.getByTestId('deleted-row')).toHaveCount(0);
        const back = await apiCall(request, 'contacts.get', { id: olga.id });
        expect(back.contact.email).toBeNull();
        expect(back.related.notes.map((n) => n.body).join('\n')).toContain(`Email: ${email}`);
        expect(await relatedCount(request, olga.id)).toBe(9);
        await restored.getByRole('button', { name: 'Undo' }).click();
        await expect(page.getByRole('alert').filter({ hasText: 'the contact is back in the Restore tab as it was' })).toBeVisible();
        await expect(page.getByTestId('deleted-row')).toHaveCount(1);
        const list = await apiCall(request, 'restore.list', { query: tag });
        expect(list.rows.map((r) => [r.id, r.email])).toEqual([[olga.id, email]]);
      });
    });
  }
}

test('opening the live contact from the conflict leaves the Restore tab for its page', async ({ page, request }) => {
  const { tag, newer } = await clash(request);
  await openApp(page, `#/restore?q=${tag}`);
  await page.getByRole('checkbox', { name: `Select Olga ${tag}` }).check();
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  await page.getByRole('dialog').getByRole('link', { name: `Newer ${tag}` }).click();
  await expect(page).toHaveURL(new RegExp(`#/contacts/${newer.id}$`));
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: `Newer ${tag}` })).toBeVisible();
});
