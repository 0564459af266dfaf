// The renderer's pure pieces: the list state in the URL, the filter it sends, hash routes, the
// wording of counts and purge dates, and the related-record form mapping.
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../shared/domain.ts';
import { daysUntil, displayName, purgesIn, relatedSummary } from '../../../renderer/lib/format.ts';
import { parseHash } from '../../../renderer/lib/route.ts';
import {
  DEFAULT_PARAMS,
  listFilter,
  paramsToSearch,
  searchToParams,
  selectionInput,
} from '../../../renderer/stores/contactsStore.ts';
import { initialValues, toInput } from '../../../renderer/views/detail/relatedFields.ts';

describe('list state in the URL', () => {
  it('round-trips every parameter and leaves defaults out', () => {
    const p = { query: 'ada lovelace', tag: 'vip', from: '2026-01-01', to: '2026-02-28', sort: '-name' as const, page: 3, pageSize: 50 };
    const search = paramsToSearch(p);
    expect(search).toBe('?q=ada+lovelace&tag=vip&from=2026-01-01&to=2026-02-28&sort=-name&page=4&size=50');
    expect(searchToParams(new URLSearchParams(search.slice(1)))).toEqual(p);
    expect(paramsToSearch(DEFAULT_PARAMS)).toBe('');
  });

  it('ignores values a hand-edited URL should not be able to set', () => {
    const p = searchToParams(new URLSearchParams('sort=drop+table&size=100000&page=-2&from=yesterday&q=' + 'x'.repeat(500)));
    expect(p.sort).toBe(DEFAULT_PARAMS.sort);
    expect(p.pageSize).toBe(DEFAULT_PARAMS.pageSize);
    expect(p.page).toBe(0);
    expect(p.from).toBe('');
    expect(p.query).toHaveLength(200);
  });

  it('sends whole local days for the created-date range', () => {
    const f = listFilter({ query: '  smith ', tag: '', from: '2026-03-01', to: '2026-03-01' });
    expect(f.query).toBe('smith');
    expect(f.tag).toBeUndefined();
    expect(f.createdFrom).toBe(new Date('2026-03-01T00:00:00').getTime());
    expect(f.createdTo! - f.createdFrom!).toBe(DAY_MS - 1);
  });

  it('deletes ids, or the filter itself for "all N matching"', () => {
    const base = { query: 'acme', tag: 'lead', from: '', to: '', selected: { a: 'Ada', b: 'Bob' } };
    expect(selectionInput({ ...base, allMatching: false })).toEqual({ ids: ['a', 'b'] });
    expect(selectionInput({ ...base, allMatching: true })).toEqual({
      filter: { query: 'acme', tag: 'lead', createdFrom: undefined, createdTo: undefined },
    });
  });
});

describe('hash routes', () => {
  it('names each view', () => {
    expect(parseHash('')).toMatchObject({ view: 'contacts' });
    expect(parseHash('#/contacts?q=x').view).toBe('contacts');
    expect(parseHash('#/contacts/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).toEqual({ view: 'contact', id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' });
    expect(parseHash('#/restore?q=ada')).toMatchObject({ view: 'restore' });
    expect(parseHash('#/bulk')).toEqual({ view: 'bulk', id: null });
    expect(parseHash('#/bulk/0b7f6a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b')).toEqual({ view: 'bulk', id: '0b7f6a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' });
  });
});

describe('wording', () => {
  it('counts related records by kind, leaving zeros out', () => {
    expect(relatedSummary({ conversation: 1, message: 2, note: 0, opportunity: 1, task: 0, appointment: 0, manualAction: 3 })).toBe(
      '1 conversation, 2 messages, 1 opportunity, 3 manual actions',
    );
    expect(relatedSummary({ conversation: 0, message: 0, note: 0, opportunity: 0, task: 0, appointment: 0, manualAction: 0 })).toBe('No related records');
  });

  it('says a purge within a day in hours, "in 1 day" only at 24 hours or less, then whole days rounded up', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(daysUntil(now + 3 * 3_600_000, now)).toBe(1);
    expect(purgesIn(now + 4 * 3_600_000, now)).toBe('Purges in 4 hours');
    expect(purgesIn(now + 3_600_000, now)).toBe('Purges in 1 hour');
    expect(purgesIn(now + 20 * 60_000, now)).toBe('Purges in 20 minutes');
    expect(purgesIn(now + 60 * DAY_MS, now)).toBe('Purges in 60 days');
    expect(purgesIn(now + DAY_MS, now)).toBe('Purges in 1 day');
    expect(purgesIn(now + DAY_MS + 3_600_000, now)).toBe('Purges in 2 days');
    expect(purgesIn(now - 1, now)).toBe('Purges at the next purge pass');
  });

  it('names a contact by name, else email or phone', () => {
    expect(displayName({ firstName: 'Ada', lastName: '', email: 'a@x.io' })).toBe('Ada');
    expect(displayName({ firstName: '', lastName: '', email: 'a@x.io' })).toBe('a@x.io');
    expect(displayName({ firstName: '', lastName: '', email: null, phone: null })).toBe('Unnamed contact');
  });
});

describe('related-record forms', () => {
  it('maps empty optional text to null and leaves defaults to the core', () => {
    const values = { ...initialValues('opportunity'), name: 'Deal', value: '1200' };
    expect(toInput('opportunity', values, true)).toEqual({ name: 'Deal', value: 1200 });
    expect(toInput('manualAction', { type: 'call', dueAt: '', status: '', note: '' }, true)).toEqual({ type: 'call', dueAt: null, note: null });
  });

  it('round-trips a task through the form', () => {
    const due = new Date('2026-05-04T09:30:00').getTime();
    const values = initialValues('task', { title: 'Call back', dueAt: due, done: true });
    expect(values).toEqual({ title: 'Call back', dueAt: '2026-05-04T09:30', done: true });
    expect(toInput('task', values, false)).toEqual({ title: 'Call back', dueAt: due, done: true });
  });
});
