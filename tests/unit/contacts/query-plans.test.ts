import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACT_SORTS } from '../../../shared/contract.ts';
import { listSql, type ContactListQuery } from '../../../electron/core/contacts/listContacts.ts';
import { KIND_SPECS } from '../../../electron/core/related/kinds.ts';
import { relatedListSql } from '../../../electron/core/related/listRelated.ts';
import { RELATED_KINDS } from '../../../shared/domain.ts';
import { testCore } from '../../helpers/core.ts';

// The contacts list and its search must read indexes, never the whole contacts table: with tens of
// thousands of contacts a table scan (or a sort of every row) is what makes the list feel slow.
// No ANALYZE here: the app does not run it, so these are the plans the app gets.
type T = Awaited<ReturnType<typeof testCore>>;
let t: T;

beforeAll(async () => {
  t = await testCore();
  for (let i = 0; i < 30; i++) {
    await t.call('contacts.create', {
      firstName: `F${i}`,
      lastName: `L${i}`,
      email: `c${i}@example.com`,
      phone: `555 01${i}`,
      tags: ['t'],
    });
  }
});
afterAll(() => t.cleanup());

const plan = (sql: string, params: Record<string, unknown>) =>
  (t.core.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail);

function plans(q: ContactListQuery) {
  const built = listSql(q)!;
  const { limit: _l, offset: _o, ...countParams } = built.params;
  return {
    page: plan(built.sql, built.params),
    count: plan(built.countSql, countParams),
    total: plan(built.totalSql, countParams),
  };
}

/** No step reads the contacts table row by row. */
const noTableScan = (steps: string[]) => steps.filter((s) => /^SCAN (c|contacts|p)\b(?! USING)/.test(s));

describe('EXPLAIN QUERY PLAN of the contacts list', () => {
  const sortIndex: Record<string, string> = {
    name: 'idx_contacts_live_name',
    email: 'idx_contacts_live_email_sort',
    company: 'idx_contacts_live_company',
    createdAt: 'idx_contacts_live_created',
    updatedAt: 'idx_contacts_live_updated',
  };

  it.each(CONTACT_SORTS)('sort %s reads its page in index order, without sorting', (sort) => {
    const { page, count, total } = plans({ sort });
    expect(page).toEqual([`SCAN c USING INDEX ${sortIndex[sort.replace('-', '')]}`]);
    // The total the list shows is the live-contact counter: one row, whatever the table holds.
    expect(total).toEqual(['SEARCH contacts_live_count USING INTEGER PRIMARY KEY (rowid=?)']);
    // The exact count (a bulk delete of "all matching") counts live rows off a partial index, not the table.
    expect(count).toHaveLength(1);
    expect(count[0]).toMatch(/^SCAN c USING (COVERING )?INDEX idx_contacts_live_/);
  });

  it('a tag filter looks the tag up in contact_tags by its key', () => {
    const { page, count } = plans({ tag: 't', sort: 'name' });
    for (const steps of [page, count]) {
      expect(steps).toContain('SEARCH t USING PRIMARY KEY (tag=?)');
      expect(noTableScan(steps)).toEqual([]);
    }
  });

  it('a creation-date range reads the creation index', () => {
    const { page, count } = plans({ createdFrom: 1, createdTo: 2 });
    for (const steps of [page, count]) {
      expect(steps[0]).toBe('SEARCH c USING INDEX idx_contacts_live_created (created_at>? AND created_at<?)');
      expect(noTableScan(steps)).toEqual([]);
    }
  });
});

describe('EXPLAIN QUERY PLAN of the contacts search', () => {
  it('a word search reads the full-text index and fetches contacts by rowid', () => {
    for (const q of [
      { query: 'ann', sort: 'email' as const },
      { query: 'ann', tag: 't' },
    ]) {
      const { page, count } = plans(q);
      for (const steps of [page, count]) {
        expect(steps[0]).toMatch(/^SCAN f VIRTUAL TABLE INDEX \d+:M/);
        expect(steps).toContain('SEARCH c USING INTEGER PRIMARY KEY (rowid=?)');
        expect(noTableScan(steps)).toEqual([]);
      }
    }
  });

  it('a word search alone is ranked off the word index, and only the page reads contacts', () => {
    for (const query of ['ann', 'ann lee']) {
      const { page, count } = plans({ query });
      // The sort (bm25, then newest first) happens inside the subquery over the word index alone.
      expect(page).toEqual([
        'CO-ROUTINE f',
        expect.stringMatching(/^SCAN contacts_fts VIRTUAL TABLE INDEX \d+:M/),
        'USE TEMP B-TREE FOR ORDER BY',
        'SCAN f',
        'SEARCH c USING INTEGER PRIMARY KEY (rowid=?)',
      ]);
      expect(count[0]).toMatch(/^SCAN f VIRTUAL TABLE INDEX \d+:M/);
    }
  });

  it('a word search past RANK_LIMIT matches: newest first off the word index, no sort; a sort asked for is read off its index', () => {
    for (const q of [
      { query: 'ann' },
      { query: 'ann lee' },
      { query: 'ann', tag: 't' },
      { query: 'ann', createdFrom: 1 },
    ]) {
      const built = listSql(q)!;
      const steps = plan(built.manySql!, built.params);
      // The word index hands over its rows newest first (rowid descending): nothing is sorted.
      expect(steps[0]).toMatch(/^SCAN f VIRTUAL TABLE INDEX \d+:M/);
      expect(steps[1]).toBe('SEARCH c USING INTEGER PRIMARY KEY (rowid=?)');
      expect(steps.filter((s) => s.includes('TEMP B-TREE'))).toEqual([]);
      expect(noTableScan(steps)).toEqual([]);
    }
    const sortIndex: Record<string, string> = {
      name: 'idx_contacts_live_name',
      email: 'idx_contacts_live_email_sort',
      company: 'idx_contacts_live_company',
      createdAt: 'idx_contacts_live_created',
      updatedAt: 'idx_contacts_live_updated',
    };
    for (const sort of CONTACT_SORTS) {
      for (const q of [
        { query: 'ann', sort },
        { query: 'ann lee', sort, tag: 't' },
      ]) {
        const built = listSql(q)!;
        const steps = plan(built.manySql!, built.params);
        expect(steps[0]).toBe(`SCAN c USING INDEX ${sortIndex[sort.replace('-', '')]}`);
        expect(steps.some((s) => /^SCAN contacts_fts VIRTUAL TABLE INDEX \d+:M/.test(s))).toBe(true);
        expect(steps.filter((s) => s.includes('TEMP B-TREE'))).toEqual([]);
      }
    }
    const dated = listSql({ query: 'ann', sort: '-createdAt', createdFrom: 1, createdTo: 2 })!;
    expect(plan(dated.manySql!, dated.params)[0]).toBe(
      'SEARCH c USING INDEX idx_contacts_live_created (created_at>? AND created_at<?)',
    );
    const { total } = plans({ query: 'ann' });
    // Counted off the word index alone: no contact row is read.
    expect(total.filter((s) => /^(SEARCH|SCAN) c\b/.test(s))).toEqual([]);
    expect(total.some((s) => /^SCAN contacts_fts VIRTUAL TABLE INDEX \d+:M/.test(s))).toBe(true);
    expect(listSql({ query: 'c1@example.com' })!.manySql).toBeNull();
    expect(listSql({ query: '555-0102' })!.manySql).toBeNull();
    expect(listSql({ sort: 'name' })!.manySql).toBeNull();
  });

  it('a word search sorted by name reads a stretch of the name index: a range up to a last name', () => {
    for (const [sort, range] of [
      ['name', 'last_name<?'],
      ['-name', 'last_name>?'],
    ] as const) {
      for (const q of [
        { query: 'ann', sort },
        { query: 'ann lee', sort, tag: 't' },
      ]) {
        const built = listSql(q)!;
        const steps = plan(built.boundedSql!, { ...built.params, bound: 'x' });
        expect(steps[0]).toBe(`SEARCH c USING INDEX idx_contacts_live_name (${range})`);
        expect(steps.some((s) => /^SCAN contacts_fts VIRTUAL TABLE INDEX \d+:M/.test(s))).toBe(true);
        expect(steps.filter((s) => s.includes('TEMP B-TREE'))).toEqual([]);
        // Where the stretch ends: an entry some way into the name index, read off the index alone.
        expect(plan(built.boundSql!, { window: 10 })).toEqual(['SCAN c USING INDEX idx_contacts_live_name']);
      }
    }
    expect(listSql({ query: 'ann', sort: 'email' })!.boundedSql).toBeNull();
    expect(listSql({ query: 'ann' })!.boundedSql).toBeNull();
  });

  it('an email search reads a range of the live email index, in its order', () => {
    for (const query of ['c1@example.com', 'c1@exa']) {
      const { page, total } = plans({ query });
      expect(page).toEqual(['SEARCH c USING INDEX idx_contacts_live_email_sort (email>? AND email<?)']);
      expect(total[0]).toBe('CO-ROUTINE (subquery-1)');
      expect(
        total.filter((s) =>
          /^SEARCH c USING (COVERING )?INDEX idx_contacts_live_email(_sort)? \(email>\? AND email<\?\)$/.test(s),
        ),
      ).toHaveLength(1);
      expect(noTableScan(total)).toEqual([]);
    }
  });

  it('a phone search reads the word index and the phone-digit index, never the table', () => {
    const { page, count, total } = plans({ query: '555-0102' });
    for (const steps of [page, count, total]) {
      expect(steps).toContain('MULTI-INDEX OR');
      expect(steps.some((s) => /^SCAN contacts_fts VIRTUAL TABLE INDEX \d+:M/.test(s))).toBe(true);
      expect(steps.some((s) => /^SCAN contacts_fts_phone VIRTUAL TABLE INDEX \d+:M/.test(s))).toBe(true);
      expect(steps.filter((s) => s.includes('idx_contacts_live_phone'))).toEqual([]);
      expect(noTableScan(steps)).toEqual([]);
    }
  });

  it('the uniqueness checks of email and phone are index lookups', () => {
    expect(
      plan('SELECT * FROM contacts WHERE email = @v COLLATE NOCASE AND deleted_at IS NULL AND id IS NOT @id', {
        v: 'a',
        id: null,
      }),
    ).toEqual([expect.stringMatching(/^SEARCH contacts USING INDEX idx_contacts_live_email(_sort)? \(email=\?\)$/)]);
    expect(
      plan('SELECT * FROM contacts WHERE phone_digits = @v AND deleted_at IS NULL AND id IS NOT @id', {
        v: '1',
        id: null,
      }),
    ).toEqual(['SEARCH contacts USING INDEX idx_contacts_live_phone (phone_digits=?)']);
  });
});

describe('EXPLAIN QUERY PLAN of a contact page', () => {
  it.each(RELATED_KINDS)("the contact's live %s records are read off the table's live index", (kind) => {
    const table = KIND_SPECS[kind].table;
    const steps = plan(relatedListSql(kind).replace('?', '@id'), { id: 'x' });
    expect(steps[0]).toBe(`SEARCH ${table} USING INDEX idx_${table}_live (contact_id=?)`);
    expect(steps.filter((s) => s.startsWith('SCAN'))).toEqual([]);
  });
});
