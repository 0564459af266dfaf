// The total the Contacts list shows: the live-contact counter (migration 005) when nothing filters,
// kept right through every way a contact comes and goes; a filtered total capped at 10,000.
import { afterEach, describe, expect, it } from 'vitest';
import type { Contact, Page } from '../../../shared/domain.ts';
import { DAY_MS } from '../../../shared/domain.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';
import { insertContacts } from '../../helpers/fixtures.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(async () => t?.cleanup());

const list = (input: Record<string, unknown> = {}) => t.call<Page<Contact>>('contacts.list', input);
const counter = () => t.core.db.prepare('SELECT n FROM contacts_live_count').pluck().get() as number;
const liveRows = () =>
  t.core.db.prepare('SELECT count(*) FROM contacts WHERE deleted_at IS NULL').pluck().get() as number;

/** The counter, the list's total and a real count of live rows all agree. */
async function expectLive(n: number) {
  expect(liveRows()).toBe(n);
  expect(counter()).toBe(n);
  expect((await list()).total).toBe(n);
}

describe('the unfiltered total', () => {
  it('follows create, delete, bulk delete, restore, purge and import', async () => {
    const clock = fakeClock();
    t = await testCore({ now: clock });
    await expectLive(0);
    const ids = insertContacts(t.core.db, 12, { related: false });
    await expectLive(12);
    await t.call('contacts.create', { firstName: 'Ann', lastName: 'Lee', email: 'ann@x.com' });
    await expectLive(13);

    await t.call('contacts.deleteOne', { id: ids[0] });
    await expectLive(12);
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids: ids.slice(1, 6) });
    t.core.runner.start();
    await t.core.runner.idle();
    await expectLive(7);

    await t.call('restore.contacts', { ids: [ids[0]] });
    await expectLive(8);
    await t.call('bulkActions.restore', { id: bulkActionId });
    await t.core.runner.idle();
    await expectLive(13);

    // Purge removes deleted rows only: the count of live ones does not move.
    await t.call('contacts.deleteOne', { id: ids[6] });
    await t.call('contacts.deleteOne', { id: ids[7] });
    await expectLive(11);
    await t.call('restore.purge', { ids: [ids[6]], confirm: 'DELETE' });
    clock.advance(61 * DAY_MS);
    expect(await t.call('lifecycle.purgeExpired', {})).toEqual({
      purged: 1,
      erasure: { done: true, nextAttemptAt: null },
    });
    await expectLive(11);

    const csv = 'First Name,Email\nBo,bo@x.com\nCy,cy@x.com\nDup,ann@x.com\n';
    await t.call('import.start', {
      fileName: 'p.csv',
      contentBase64: Buffer.from(csv).toString('base64'),
      mapping: { firstName: 0, email: 1 },
      onDuplicate: 'skip',
    });
    await t.core.runner.idle();
    await expectLive(13);

    // A row deleted outright while live (no lifecycle does this, but the trigger must hold).
    t.core.db.prepare('DELETE FROM contacts WHERE id = ?').run(ids[11]);
    await expectLive(12);
  });

  it('is what the list answers when the search text is blank', async () => {
    t = await testCore();
    insertContacts(t.core.db, 3, { related: false });
    expect(await list({ query: '   ' })).toMatchObject({ total: 3 });
    expect((await list({ query: '   ' })).totalCapped).toBeUndefined();
  });
});

describe('a filtered total', () => {
  it('counts up to 10,000 and says "more" past it, for a word search alone or with a tag', async () => {
    t = await testCore();
    insertContacts(t.core.db, 10_001, { related: false });
    // A word search alone is counted off the word index.
    expect(await list({ query: 'first', limit: 5 })).toMatchObject({ total: 10_000, totalCapped: true });
    const capped = await list({ query: 'first', tag: 'all', limit: 5 });
    expect(capped).toMatchObject({ total: 10_000, totalCapped: true });
    expect(capped.rows).toHaveLength(5);
    // Pages go on past the cap.
    expect((await list({ query: 'first', tag: 'all', offset: 10_000, limit: 5 })).rows).toHaveLength(1);
    // The unfiltered total is exact, with no cap.
    expect(await list({ limit: 1 })).toMatchObject({ total: 10_001 });
    expect((await list({ limit: 1 })).totalCapped).toBeUndefined();
    t.core.db.prepare("UPDATE contacts SET deleted_at = 1, deletion_id = 'd' WHERE rowid = 1").run();
    for (const exact of [
      await list({ query: 'first', tag: 'all', limit: 1 }),
      await list({ query: 'first', limit: 1 }),
    ]) {
      expect(exact.total).toBe(10_000);
      expect(exact.totalCapped).toBeUndefined();
    }
  });
});
