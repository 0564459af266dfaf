// The Restore tab's sorts, "next purge" over the whole list and "Select all N matching" (issue 16 item 5),
// through the real dispatcher on a real SQLite file.
import { afterEach, expect, it } from 'vitest';
import { DAY_MS } from '../../../shared/domain.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(async () => t?.cleanup());

interface Row {
  id: string;
  firstName: string;
  lastName: string;
  deletedAt: number;
  purgeAt: number;
  deletedBy: string;
}
type Page = { total: number; rows: Row[]; nextPurge: { id: string; firstName: string; purgeAt: number } | null };

/** Five deleted contacts: deleted an hour apart, by Zoe, Adam, zoe (case), Adam, and Mia. */
async function fiveDeleted() {
  const clock = fakeClock();
  t = await testCore({ now: clock });
  const people = [
    ['Carla', 'Zed', 'Zoe'],
    ['anna', 'Young', 'Adam'],
    ['Bruno', 'Able', 'zoe'],
    ['Anna', 'Brown', 'Adam'],
    ['Dora', 'Xu', 'Mia'],
  ] as const;
  const ids: Record<string, string> = {};
  for (const [first, last, by] of people) {
    const c = await t.call<{ id: string }>('contacts.create', { firstName: first, lastName: last, email: `${first}.${last}@x.test`.toLowerCase() });
    await t.call('settings.update', { profileName: by });
    await t.call('contacts.deleteOne', { id: c.id });
    ids[`${first} ${last}`] = c.id;
    clock.advance(60 * 60 * 1000);
  }
  return { clock, ids };
}

const names = (p: Page) => p.rows.map((r) => `${r.firstName} ${r.lastName}`);

it('sorts by deletion date, purge date, name as shown and who deleted, each way, page by page', async () => {
  await fiveDeleted();
  const list = (sort: string, offset = 0, limit = 50) => t.call<Page>('restore.list', { sort, offset, limit });

  expect(names(await list('-deletedAt'))).toEqual(['Dora Xu', 'Anna Brown', 'Bruno Able', 'anna Young', 'Carla Zed']);
  expect(names(await list('deletedAt'))).toEqual(['Carla Zed', 'anna Young', 'Bruno Able', 'Anna Brown', 'Dora Xu']);
  expect(names(await list('purgeAt'))).toEqual(names(await list('deletedAt')));
  expect(names(await list('-purgeAt'))).toEqual(names(await list('-deletedAt')));
  // As shown, "First Last", without case: Anna Brown before anna Young (last name breaks the tie).
  expect(names(await list('name'))).toEqual(['Anna Brown', 'anna Young', 'Bruno Able', 'Carla Zed', 'Dora Xu']);
  expect(names(await list('-name'))).toEqual(['Dora Xu', 'Carla Zed', 'Bruno Able', 'anna Young', 'Anna Brown']);
  // Deleter without case (Adam, Mia, Zoe/zoe), newest deletion first within a deleter.
  const byDeleter = await list('deletedBy');
  expect(byDeleter.rows.map((r) => r.deletedBy)).toEqual(['Adam', 'Adam', 'Mia', 'zoe', 'Zoe']);
  expect(names(byDeleter)).toEqual(['Anna Brown', 'anna Young', 'Dora Xu', 'Bruno Able', 'Carla Zed']);
  expect(names(await list('-deletedBy'))).toEqual([...names(byDeleter)].reverse());

  // Paging walks the same order: two pages of 2 and a last of 1, no row twice, none missing.
  const paged = [...names(await list('name', 0, 2)), ...names(await list('name', 2, 2)), ...names(await list('name', 4, 2))];
  expect(paged).toEqual(names(await list('name')));
  const pagedBy = [...names(await list('deletedBy', 0, 3)), ...names(await list('deletedBy', 3, 3))];
  expect(pagedBy).toEqual(names(byDeleter));
  expect((await list('deletedBy', 0, 2)).total).toBe(5);
});

it('names the next purge among every matching contact, not only the page shown', async () => {
  const { ids } = await fiveDeleted();
  const page = await t.call<Page>('restore.list', { sort: '-deletedAt', offset: 0, limit: 2 });
  expect(names(page)).toEqual(['Dora Xu', 'Anna Brown']);
  // Carla was deleted first, so she is purged first, though she is on the last page.
  expect(page.nextPurge?.id).toBe(ids['Carla Zed']);
  expect(page.nextPurge?.purgeAt).toBe(Date.UTC(2026, 0, 15, 12) + 60 * DAY_MS);
  // Within a search, the first purge among what it matches.
  const anna = await t.call<Page>('restore.list', { query: 'anna', limit: 1 });
  expect(anna.total).toBe(2);
  expect(anna.nextPurge?.id).toBe(ids['anna Young']);
  const none = await t.call<Page>('restore.list', { query: 'nobody' });
  expect(none).toEqual({ total: 0, rows: [], nextPurge: null });
});

it('"Select all N matching" returns exactly the ids of every deleted contact the search matches', async () => {
  const { ids } = await fiveDeleted();
  const all = await t.call<{ ids: string[] }>('restore.matchingIds', {});
  expect(all.ids).toHaveLength(5);
  expect(new Set(all.ids)).toEqual(new Set(Object.values(ids)));
  const anna = await t.call<{ ids: string[] }>('restore.matchingIds', { query: 'ANNA' });
  expect(anna.ids).toEqual([ids['Anna Brown'], ids['anna Young']]);
  // The count the tab shows for the search is the number of ids selected.
  expect((await t.call<Page>('restore.list', { query: 'ANNA' })).total).toBe(anna.ids.length);
  // A restored contact is no longer matched.
  await t.call('restore.contacts', { ids: [ids['Anna Brown']] });
  expect((await t.call<{ ids: string[] }>('restore.matchingIds', { query: 'anna' })).ids).toEqual([ids['anna Young']]);
});

it('refuses a sort it does not know, saying which are allowed', async () => {
  t = await testCore({ now: fakeClock() });
  const env = await t.core.dispatcher.call('restore.list', { sort: 'email' });
  expect(env.ok).toBe(false);
  if (!env.ok) expect(env.error.code).toBe('VALIDATION');
});
