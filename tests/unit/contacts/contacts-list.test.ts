import { faker } from '@faker-js/faker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACT_SORTS, type ContactSort } from '../../../shared/contract.ts';
import type { Contact, Page } from '../../../shared/domain.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
let all: Contact[]; // every live contact
const clock = fakeClock();
const MINUTE = 60_000;

const list = (input: Record<string, unknown>) => t.call<Page<Contact>>('contacts.list', input);
const names = (page: Page<Contact>) => page.rows.map((c) => `${c.firstName} ${c.lastName}`.trim());

// SQLite's NOCASE folds ASCII letters only, then compares as binary; ids break ties.
const nocase = (s: string) => s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
const cmp = (a: string | number | null, b: string | number | null): number => {
  if (a === b) return 0;
  if (a === null) return -1; // NULL sorts first ascending
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [x, y] = [nocase(String(a)), nocase(String(b))];
  return x < y ? -1 : x > y ? 1 : 0;
};
const keys: Record<string, (c: Contact) => (string | number | null)[]> = {
  name: (c) => [c.lastName, c.firstName, c.id],
  email: (c) => [c.email, c.id],
  company: (c) => [c.company, c.id],
  createdAt: (c) => [c.createdAt, c.id],
  updatedAt: (c) => [c.updatedAt, c.id],
};
function expectedOrder(contacts: Contact[], sort: ContactSort): Contact[] {
  const desc = sort.startsWith('-');
  const key = keys[sort.replace('-', '')]!;
  return [...contacts].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) {
      const d = cmp(ka[i]!, kb[i]!);
      if (d !== 0) return desc ? -d : d;
    }
    return 0;
  });
}

beforeAll(async () => {
  t = await testCore({ now: clock });
  faker.seed(20260115);
  all = [];
  const fixed = [
    {
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann.lee@example.com',
      phone: '+1 (555) 010-2000',
      company: 'Acme Corp',
      tags: ['vip', 'lead'],
    },
    {
      firstName: 'Zoë',
      lastName: 'Ångström',
      email: 'zoe@nordic.example',
      phone: '020 7946 0102',
      company: 'Nordic AB',
      tags: ['VIP'],
    },
    { firstName: 'Bob', lastName: 'lee', email: null, phone: null, company: null, tags: ['lead'] },
    { firstName: '', lastName: '', email: 'noname@example.com', phone: null, company: 'Studio 555', tags: [] },
  ];
  for (const c of fixed) {
    all.push(await t.call<Contact>('contacts.create', c));
    clock.advance(MINUTE);
  }
  for (let i = 0; i < 60; i++) {
    const firstName = faker.person.firstName();
    const lastName = i % 7 === 0 ? 'Lee' : faker.person.lastName(); // ties on the last name
    all.push(
      await t.call<Contact>('contacts.create', {
        firstName,
        lastName,
        email: i % 5 === 0 ? null : `${firstName}.${lastName}.${i}@example.org`.replace(/[^\w.@]/g, ''),
        phone: i % 3 === 0 ? null : `+44 20 ${String(7000_0000 + i * 7919)}`,
        company: i % 4 === 0 ? null : faker.company.name(),
        tags: i % 2 === 0 ? ['even'] : ['odd'],
      }),
    );
    clock.advance(i % 10 === 0 ? 0 : MINUTE); // some contacts share a creation time: ties broken by id
  }
  // Updated contacts move in the updatedAt order.
  for (const c of all.filter((_, i) => i % 9 === 0)) {
    clock.advance(MINUTE);
    const updated = await t.call<Contact>('contacts.update', { id: c.id, source: 'touched' });
    all[all.indexOf(c)] = updated;
  }
  // A deleted contact is in no list, count or search.
  const gone = await t.call<Contact>('contacts.create', {
    firstName: 'Gone',
    lastName: 'Lee',
    email: 'gone@example.com',
    tags: ['vip'],
  });
  t.core.db.prepare('UPDATE contacts SET deleted_at = 1, deletion_id = ? WHERE id = ?').run(gone.id, gone.id);
});
afterAll(() => t.cleanup());

describe('contacts.list paging and sorting', () => {
  it.each(CONTACT_SORTS)(
    'sort %s: every page follows the sort, and the pages add up to all live contacts',
    async (sort) => {
      const expected = expectedOrder(all, sort);
      const seen: Contact[] = [];
      for (let offset = 0; offset < all.length + 7; offset += 7) {
        const page = await list({ sort, offset, limit: 7 });
        expect(page.total).toBe(64);
        seen.push(...page.rows);
      }
      expect(seen).toEqual(expected);
    },
  );

  it('sorts by last name, then first name, when no sort is asked for, 50 to a page', async () => {
    const page = await list({});
    expect(page.total).toBe(64);
    expect(page.rows).toEqual(expectedOrder(all, 'name').slice(0, 50));
  });

  it('answers an empty page past the end', async () => {
    expect(await list({ offset: 1000 })).toEqual({ total: 64, rows: [] });
  });
});

describe('contacts.list filters', () => {
  it('filters by tag without regard to case, live contacts only', async () => {
    const vip = await list({ tag: 'Vip', sort: 'createdAt' });
    expect(names(vip)).toEqual(['Ann Lee', 'Zoë Ångström']);
    expect(vip.total).toBe(2);
    const even = await list({ tag: 'even', sort: '-name', limit: 500 });
    expect(even.rows).toEqual(
      expectedOrder(
        all.filter((c) => c.tags.includes('even')),
        '-name',
      ),
    );
    expect(await list({ tag: 'nobody' })).toEqual({ total: 0, rows: [] });
  });

  it('filters by creation time, both ends included', async () => {
    const start = all[0]!.createdAt;
    const page = await list({ createdFrom: start + MINUTE, createdTo: start + 3 * MINUTE, sort: 'createdAt' });
    expect(page.rows).toEqual(
      expectedOrder(
        all.filter((c) => c.createdAt >= start + MINUTE && c.createdAt <= start + 3 * MINUTE),
        'createdAt',
      ),
    );
    expect(names(page).slice(0, 3)).toEqual(['Zoë Ångström', 'Bob lee', '']);
  });

  it('combines search text, tag and dates', async () => {
    const page = await list({ query: 'lee', tag: 'lead', createdTo: all[2]!.createdAt, sort: 'name' });
    expect(names(page)).toEqual(['Ann Lee', 'Bob lee']);
  });
});

describe('contacts.list search', () => {
  const search = async (query: string) => names(await list({ query, sort: 'createdAt', limit: 500 }));

  it('finds words at the start of a name, email or company, in any order', async () => {
    expect(await search('ann')).toEqual(['Ann Lee']);
    expect(await search('lee ann')).toEqual(['Ann Lee']);
    expect(await search('acm')).toEqual(['Ann Lee']);
    expect(await search('ann.lee@exam')).toEqual(['Ann Lee']);
    expect(await search('noname')).toEqual(['']);
    expect(await search('nordic')).toEqual(['Zoë Ångström']);
  });

  it('finds an email, whole or being typed, without regard to case, by how it begins', async () => {
    expect(await search('ann.lee@example.com')).toEqual(['Ann Lee']);
    expect(await search('ANN.LEE@EXAMPLE.COM')).toEqual(['Ann Lee']);
    expect(await search('ann.lee@')).toEqual(['Ann Lee']);
    expect(await search('ann.lee@example.co')).toEqual(['Ann Lee']);
    expect(await search('zoe@nordic.example')).toEqual(['Zoë Ångström']);
    // Only emails that begin with the text: not a word of another field, not the middle of an email.
    expect(await search('lee@example.com')).toEqual([]);
    expect(await search('ann.lee@example.com.au')).toEqual([]);
    expect(await search('gone@example.com')).toEqual([]); // a deleted contact
  });

  it('ignores accents and case', async () => {
    expect(await search('ZOE angstrom')).toEqual(['Zoë Ångström']);
  });

  it('finds a phone number by any run of its digits, however punctuated', async () => {
    expect(await search('555-0102')).toEqual(['Ann Lee']);
    expect(await search('(555) 010 2000')).toEqual(['Ann Lee']);
    expect(await search('010-2000')).toEqual(['Ann Lee']);
    expect(await search('7946 0102')).toEqual(['Zoë Ångström']);
    // Digits that are a word of the company are found too.
    expect(await search('555')).toEqual(['Ann Lee', '']);
  });

  it('finds digits from the middle of a number, never the number of a deleted contact, and follows edits', async () => {
    expect(await search('50102')).toEqual(['Ann Lee']); // inside 15550102000
    expect(await search('1-555-01')).toEqual(['Ann Lee']);
    expect(await search('946 01')).toEqual(['Zoë Ångström']);
    expect(await search('99999')).toEqual([]);
    const gone = await t.call<Contact>('contacts.create', { firstName: 'Phoned', phone: '+49 30 123 98765' });
    expect(await search('239876')).toEqual(['Phoned']);
    await t.call('contacts.update', { id: gone.id, phone: '+49 30 555 44444' });
    expect(await search('239876')).toEqual([]);
    expect(await search('5554444')).toEqual(['Phoned']);
    await t.call('contacts.deleteOne', { id: gone.id });
    expect(await search('5554444')).toEqual([]);
    expect(await search('555 44')).toEqual([]);
  });

  it('treats search syntax as plain text and never fails on it', async () => {
    for (const q of [
      '"',
      'ann"',
      'AND',
      'ann OR bob',
      'NEAR(ann bob)',
      'first_name:ann',
      '*',
      'ann*',
      '-ann',
      '^ann',
      '(',
      "o'brien",
    ]) {
      const env = await t.core.dispatcher.call('contacts.list', { query: q });
      expect(env.ok, q).toBe(true);
    }
    expect(await search('ann OR zzz')).toEqual([]);
    expect(await search('ann*')).toEqual(['Ann Lee']);
  });

  it('finds nothing for text without letters or digits, and everything for blank text', async () => {
    expect(await list({ query: '-- ..' })).toEqual({ total: 0, rows: [] });
    expect((await list({ query: '   ' })).total).toBe(64);
  });

  it('never finds a deleted contact', async () => {
    expect(await search('gone')).toEqual([]);
    expect((await list({ query: 'lee', limit: 500 })).rows.every((c) => c.firstName !== 'Gone')).toBe(true);
  });

  it('follows renames: the old name is no longer found, the new one is', async () => {
    const bob = all[2]!;
    await t.call('contacts.update', { id: bob.id, firstName: 'Robert' });
    expect(await search('bob')).toEqual([]);
    expect(await search('robert lee')).toEqual(['Robert lee']);
    await t.call('contacts.update', { id: bob.id, firstName: 'Bob' });
  });

  it('puts the best matches first when no sort is asked for, and pages them with a total', async () => {
    const page = await list({ query: 'lee', limit: 3 });
    expect(page.total).toBe(all.filter((c) => /\blee\b/i.test(`${c.firstName} ${c.lastName} ${c.email ?? ''}`)).length);
    expect(page.rows).toHaveLength(3);
    const rest = await list({ query: 'lee', offset: 3, limit: 500 });
    expect(new Set([...page.rows, ...rest.rows].map((c) => c.id)).size).toBe(page.total);
  });
});
