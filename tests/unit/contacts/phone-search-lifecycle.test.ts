// The phone-digit index (migration 006) holds live contacts only: a soft delete takes a number out of
// it, a restore puts it back, and a purge leaves none of its digit runs anywhere in the index.
import { afterEach, describe, expect, it } from 'vitest';
import type { Contact, Page } from '../../../shared/domain.ts';
import { DAY_MS } from '../../../shared/domain.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';
import { insertContacts } from '../../helpers/fixtures.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(async () => t?.cleanup());

const found = async (query: string) =>
  (await t.call<Page<Contact>>('contacts.list', { query })).rows.map((c) => c.firstName);

/** Every (token, rowid) the phone index holds, read off its segments (not through the content table). */
function indexedRowids(db: T['core']['db']): number[] {
  db.exec(
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.phone_vocab USING fts5vocab(main, 'contacts_fts_phone', 'instance')",
  );
  return db.prepare('SELECT DISTINCT doc FROM temp.phone_vocab ORDER BY doc').pluck().all() as number[];
}

describe('phone digit search through the lifecycle', () => {
  it('a deleted number is not found, a restored one is, and a purged one leaves no digits in the index', async () => {
    const clock = fakeClock();
    t = await testCore({ now: clock });
    const db = t.core.db;
    insertContacts(db, 50, { related: false });
    const doomed = await t.call<Contact>('contacts.create', { firstName: 'Doomed', phone: '+1 (415) 867-5309' });
    const rowid = db.prepare('SELECT rowid FROM contacts WHERE id = ?').pluck().get(doomed.id) as number;
    db.exec("INSERT INTO contacts_fts_phone(contacts_fts_phone) VALUES ('optimize')");
    expect(await found('867-53')).toEqual(['Doomed']);

    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids: [doomed.id] });
    t.core.runner.start();
    await t.core.runner.idle();
    expect(await found('867-53')).toEqual([]);
    await t.call('bulkActions.restore', { id: bulkActionId });
    await t.core.runner.idle();
    expect(await found('4158675309')).toEqual(['Doomed']);

    await t.call('contacts.deleteOne', { id: doomed.id });
    expect(await found('8675309')).toEqual([]);
    clock.advance(61 * DAY_MS);
    expect(await t.call('lifecycle.purgeExpired', {})).toEqual({
      purged: 1,
      erasure: { done: true, nextAttemptAt: null },
    });
    expect(indexedRowids(db)).not.toContain(rowid);
    expect(indexedRowids(db)).toHaveLength(50);
    expect(() =>
      db.prepare("INSERT INTO contacts_fts_phone(contacts_fts_phone, rank) VALUES ('integrity-check', 0)").run(),
    ).not.toThrow();
    // Secure-delete is back on for every writer after the soft deletes.
    expect(db.prepare("SELECT v FROM contacts_fts_phone_config WHERE k = 'secure-delete'").pluck().get()).toBe(1);
    // The neighbours are still found by their digits.
    expect(await found('10000000001')).toEqual(['First1']);
  });
});
