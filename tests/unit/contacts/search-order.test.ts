// The order of a word search's results: best match first (equal matches newest first) up to
// RANK_LIMIT matches, newest first past it, and any sort asked for exactly as the list sorts without
// a search, whichever way the page is read (the word index joined and sorted, or the sort's index
// walked with the matches as a set). Pages are stable: together they hold every match once.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTACT_SORTS } from '../../../shared/contract.ts';
import type { Contact, Page } from '../../../shared/domain.ts';
import {
  listSql,
  NAME_WALK_PER_MATCH,
  pageByName,
  pageByWindow,
  RANK_LIMIT,
  readsIndex,
  TOTAL_CAP,
  type ContactListQuery,
} from '../../../electron/core/contacts/listContacts.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';
import { insertContacts } from '../../helpers/fixtures.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(async () => t?.cleanup());

const list = (input: Record<string, unknown>) => t.call<Page<Contact>>('contacts.list', input);
const ids = (page: Page<Contact>) => page.rows.map((c) => c.id);
const idsBy = (sql: string, ...params: unknown[]) =>
  t.core.db
    .prepare(sql)
    .pluck()
    .all(...params) as string[];

/** Every page of a query, `limit` at a time, until a short page. */
async function allPages(input: Record<string, unknown>, limit: number): Promise<string[]> {
  const out: string[] = [];
  for (let offset = 0; ; offset += limit) {
    const page = await list({ ...input, limit, offset });
    out.push(...ids(page));
    if (page.rows.length < limit) return out;
  }
}

/** The page as the word index joined and sorted would give it (listSql's `sql`): the reference order. */
function reference(q: ContactListQuery): string[] {
  const built = listSql(q)!;
  return t.core.db
    .prepare(built.sql)
    .all(built.params)
    .map((r) => (r as { id: string }).id);
}

describe('a word search with no sort asked for', () => {
  it('puts the best match first and equal matches newest first, through every page', async () => {
    const clock = fakeClock();
    t = await testCore({ now: clock });
    const made: Record<string, string> = {};
    for (const [key, c] of [
      ['leeLee', { firstName: 'Lee', lastName: 'Lee', email: 'lee@lee.test' }],
      ['annLee', { firstName: 'Ann', lastName: 'Lee', email: 'ann@x.test' }],
      ['bobLee', { firstName: 'Bob', lastName: 'Lee', email: 'bob@x.test' }],
      ['cyLee', { firstName: 'Cy', lastName: 'Lee', email: 'cy@x.test' }],
      ['other', { firstName: 'Dee', lastName: 'Moss', email: 'dee@x.test' }],
    ] as const) {
      made[key] = (await t.call<Contact>('contacts.create', c)).id;
      clock.advance(1000);
    }
    // "lee" three times in one contact ranks first; the three with it once rank alike: newest first.
    const expected = [made.leeLee, made.cyLee, made.bobLee, made.annLee];
    const page = await list({ query: 'lee' });
    expect(ids(page)).toEqual(expected);
    expect(page.total).toBe(4);
    expect(await allPages({ query: 'lee' }, 1)).toEqual(expected);
    expect(await allPages({ query: 'le' }, 3)).toEqual(expected);
  });
});

describe(`a word search past RANK_LIMIT (${RANK_LIMIT.toLocaleString('en')}) matches`, () => {
  const setup = async () => {
    t = await testCore();
    // Two creation times, so createdAt sorts are not decided by the id alone; a third of them tagged.
    insertContacts(t.core.db, 2_000, { related: false, at: Date.UTC(2026, 0, 2), tag: 'x' });
    insertContacts(t.core.db, 3_200, { related: false, at: Date.UTC(2026, 0, 1) });
    // Deleted contacts are never found, wherever they sit in the order.
    t.core.db.prepare("UPDATE contacts SET deleted_at = 1, deletion_id = 'd' WHERE rowid IN (1, 2500, 5200)").run();
  };

  it('is newest first (the last added first), with stable pages', async () => {
    await setup();
    const newest = idsBy('SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY rowid DESC');
    expect(newest).toHaveLength(5_197);
    const first = await list({ query: 'first' });
    expect(first.total).toBe(5_197);
    expect(ids(first)).toEqual(newest.slice(0, 50));
    expect(ids(await list({ query: 'fir', limit: 20, offset: 30 }))).toEqual(newest.slice(30, 50));
    expect(ids(await list({ query: 'first', offset: 5_190 }))).toEqual(newest.slice(5_190));
    expect(await allPages({ query: 'first' }, 500)).toEqual(newest);
    // Under RANK_LIMIT again: ranked (all rank alike here, so newest first still).
    const tagged = idsBy(
      "SELECT c.id FROM contacts c JOIN contact_tags t ON t.contact_id = c.id AND t.tag = 'x' WHERE c.deleted_at IS NULL ORDER BY c.rowid DESC",
    );
    expect(ids(await list({ query: 'first', tag: 'x', limit: 10, offset: 5 }))).toEqual(tagged.slice(5, 15));
  });

  it.each(CONTACT_SORTS)('sorted by %s, gives the same pages as sorting every match', async (sort) => {
    await setup();
    for (const q of [
      { query: 'first', sort },
      { query: 'last', sort, offset: 4_990, limit: 100 },
      { query: 'company', sort, createdFrom: Date.UTC(2026, 0, 1), createdTo: Date.UTC(2026, 0, 2), offset: 17 },
    ] as ContactListQuery[]) {
      const page = await list(q);
      expect(page.total).toBeGreaterThan(RANK_LIMIT);
      expect(ids(page)).toEqual(reference(q));
      expect(page.rows.length).toBeGreaterThan(0);
    }
    expect(await allPages({ query: 'first', sort }, 500)).toEqual(reference({ query: 'first', sort, limit: 10_000 }));
  });
});

describe('a word search sorted by a date, under RANK_LIMIT matches', () => {
  it('reads the date index when the matches are dense, and sorts the matches when they are few: same pages', async () => {
    const clock = fakeClock();
    t = await testCore({ now: clock });
    for (let i = 0; i < 120; i++) {
      await t.call('contacts.create', { firstName: `First${i}`, lastName: i % 2 ? 'Odd' : 'Even' });
      clock.advance(i % 3 ? 1000 : 0); // some share a creation time: the id breaks the tie
    }
    const built = (q: ContactListQuery) => listSql({ limit: 25, ...q })!;
    // 120 matches of 120 contacts: the index walk passes ~25 entries.
    expect(readsIndex(t.core.db, built({ query: 'first', sort: '-createdAt' }), 120)).toBe(true);
    expect(readsIndex(t.core.db, built({ query: 'first', sort: 'updatedAt' }), 120)).toBe(true);
    // Deep pages walk further: 11 matches, page 100-125 of 120 contacts, sorted instead.
    expect(readsIndex(t.core.db, built({ query: 'first7', sort: '-createdAt', offset: 100 }), 11)).toBe(false);
    // Name, email and company follow the words: sorted under RANK_LIMIT, however dense.
    expect(readsIndex(t.core.db, built({ query: 'first', sort: 'name' }), 120)).toBe(false);
    expect(readsIndex(t.core.db, built({ query: 'first' }), 120)).toBe(false);
    for (const sort of ['createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const) {
      for (const q of [
        { query: 'first', sort, limit: 25 },
        { query: 'odd', sort, limit: 7, offset: 14 },
        { query: 'first1', sort, limit: 25 },
      ]) {
        expect(ids(await list(q))).toEqual(reference(q));
        const { manySql, params } = listSql(q)!;
        expect(
          t.core.db
            .prepare(manySql!)
            .all(params)
            .map((r) => (r as { id: string }).id),
        ).toEqual(reference(q));
      }
      expect(await allPages({ query: 'even', sort }, 8)).toEqual(reference({ query: 'even', sort, limit: 500 }));
    }
  });
});

describe(`a sorted word search past TOTAL_CAP (${TOTAL_CAP.toLocaleString('en')}) matches`, () => {
  it('reads a window of the sort index when it holds the page, else every match: the same pages either way', async () => {
    t = await testCore();
    insertContacts(t.core.db, 10_400, { related: false, at: Date.UTC(2026, 0, 1) });
    // Added last and first by name: 300 contacts the search does not find, at the start of the name
    // order and of newest first, so a window there holds no match and the list must look further.
    const add = t.core.db.prepare(
      `INSERT INTO contacts (id, first_name, last_name, email, tags, created_at, updated_at)
       VALUES (?, 'Zed', 'Aardvark', ?, '[]', ?, ?)`,
    );
    for (let i = 0; i < 300; i++)
      add.run(randomUUID(), `zed${i}@x.test`, Date.UTC(2026, 1, 1) + i, Date.UTC(2026, 1, 1));
    t.core.db.prepare("UPDATE contacts SET deleted_at = 1, deletion_id = 'd' WHERE rowid IN (3, 7000)").run();
    const window = (q: ContactListQuery) => pageByWindow(t.core.db, listSql({ limit: 25, ...q })!, TOTAL_CAP + 1);
    for (const sort of CONTACT_SORTS) {
      for (const q of [
        { query: 'first', sort },
        { query: 'last', sort, offset: 75, limit: 10 },
      ] as ContactListQuery[]) {
        const page = await list(q);
        expect(page).toMatchObject({ total: TOTAL_CAP, totalCapped: true });
        expect(ids(page)).toEqual(reference(q));
      }
    }
    // Which way each page was read: through the window where the first entries match...
    for (const sort of ['-name', 'createdAt', 'email', 'updatedAt'] as const) {
      expect(window({ query: 'first', sort })?.map((r) => r.id)).toEqual(
        reference({ query: 'first', sort, limit: 25 }),
      );
    }
    // ...and past it where they do not (or with another filter, or under TOTAL_CAP matches).
    expect(window({ query: 'first', sort: 'name' })).toBeNull();
    expect(window({ query: 'first', sort: '-createdAt' })).toBeNull();
    expect(window({ query: 'first', sort: '-updatedAt' })).toBeNull();
    expect(window({ query: 'first', sort: 'createdAt', tag: 'all' })).toBeNull();
    expect(pageByWindow(t.core.db, listSql({ query: 'first', sort: 'createdAt' })!, TOTAL_CAP)).toBeNull();
    expect(window({ query: 'first' })).toBeNull();
  });

  it('the window reads the sort index and the word index once each, never a contact outside the page', async () => {
    t = await testCore();
    const built = listSql({ query: 'ann', sort: '-createdAt' })!;
    const steps = (
      t.core.db.prepare(`EXPLAIN QUERY PLAN ${built.windowSql}`).all({ ...built.params, window: 100 }) as {
        detail: string;
      }[]
    ).map((r) => r.detail);
    expect(steps).toEqual([
      'SEARCH c USING INTEGER PRIMARY KEY (rowid=?)',
      'LIST SUBQUERY 2',
      expect.stringMatching(/^SCAN contacts_fts VIRTUAL TABLE INDEX \d+:M/),
      'LIST SUBQUERY 1',
      'SCAN w USING INDEX idx_contacts_live_created',
      'CREATE BLOOM FILTER',
      'USE TEMP B-TREE FOR ORDER BY',
    ]);
  });
});

describe('a word search sorted by name, up to TOTAL_CAP matches', () => {
  it('reads a stretch of the name index when it holds the page, else sorts the matches: the same pages', async () => {
    t = await testCore();
    insertContacts(t.core.db, 2_000, { related: false });
    // 300 matches of "zulu", all at the end of the name order.
    const add = t.core.db.prepare(
      `INSERT INTO contacts (id, first_name, last_name, email, tags, created_at, updated_at)
       VALUES (?, 'Zulu', ?, ?, '[]', 1, 1)`,
    );
    for (let i = 0; i < 300; i++) add.run(randomUUID(), `Zz${String(i).padStart(3, '0')}`, `zulu${i}@x.test`);
    const stretch = (q: ContactListQuery, n: number) => pageByName(t.core.db, listSql({ limit: 25, ...q })!, n);
    // Descending, the matches come first: the stretch holds the page.
    expect(stretch({ query: 'zulu', sort: '-name' }, 300)?.map((r) => r.id)).toEqual(
      reference({ query: 'zulu', sort: '-name', limit: 25 }),
    );
    // Ascending, the stretch (~770 entries) holds none of them: the matches are sorted instead.
    expect(stretch({ query: 'zulu', sort: 'name' }, 300)).toBeNull();
    // Every contact matches "test" (their emails): the stretch holds the page both ways.
    for (const sort of ['name', '-name'] as const) {
      expect(stretch({ query: 'test', sort, offset: 40 }, 2_300)?.map((r) => r.id)).toEqual(
        reference({ query: 'test', sort, limit: 25, offset: 40 }),
      );
    }
    // Not for other sorts, nor past TOTAL_CAP, nor when the stretch would be too long.
    expect(stretch({ query: 'last', sort: 'email' }, 2_000)).toBeNull();
    expect(stretch({ query: 'last', sort: 'name' }, TOTAL_CAP + 1)).toBeNull();
    expect(stretch({ query: 'last', sort: 'name', offset: 500_000 }, 2_000)).toBeNull();
    for (const q of [
      { query: 'zulu', sort: 'name' },
      { query: 'zulu', sort: '-name' },
      { query: 'zulu', sort: 'name', offset: 280 },
      { query: 'zulu', sort: '-name', offset: 290, limit: 20 },
      { query: 'first', sort: 'name', offset: 1_990 },
      { query: 'first', sort: '-name', limit: 7, offset: 3 },
      { query: 'zulu', sort: 'name', tag: 'all' },
    ] as ContactListQuery[]) {
      expect(ids(await list(q))).toEqual(reference(q));
    }
  });

  it(`sorts the matches when they are too few for the stretch to pay (over ${NAME_WALK_PER_MATCH} entries a match)`, async () => {
    t = await testCore();
    insertContacts(t.core.db, 2_000, { related: false });
    // 20 matches of "zulu", first in the name order descending: a stretch would hold the page, but it
    // would be the whole index (4 * 25 * 2,020 / 20 = 10,100 entries for 20 matches).
    const add = t.core.db.prepare(
      `INSERT INTO contacts (id, first_name, last_name, email, tags, created_at, updated_at)
       VALUES (?, 'Zulu', ?, ?, '[]', 1, 1)`,
    );
    for (let i = 0; i < 20; i++) add.run(randomUUID(), `Zz${String(i).padStart(3, '0')}`, `zulu${i}@x.test`);
    for (const sort of ['name', '-name'] as const) {
      expect(pageByName(t.core.db, listSql({ query: 'zulu', sort, limit: 25 })!, 20)).toBeNull();
      const q = { query: 'zulu', sort, limit: 10, offset: 5 } as ContactListQuery;
      expect(ids(await list(q))).toEqual(reference(q));
    }
  });
});
