import { afterEach, describe, expect, it } from 'vitest';
import { SNAPSHOT_SLICE } from '../../../electron/core/bulk/snapshot.ts';
import type { RelatedCounts } from '../../../shared/domain.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';
import { count, insertContacts } from '../../helpers/fixtures.ts';

// The DELETE modal's counts are made a slice at a time (lifecycle/deletePreview.ts); across slices
// they must still be exact: each live contact once, its live related rows, nothing of the others.

type T = Awaited<ReturnType<typeof testCore>>;
let t: T | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

type Preview = { contacts: number; related: RelatedCounts };

describe('contacts.deletePreview over more than one slice', () => {
  it('counts each live contact once and exactly its live related rows, for ids and for "all N matching"', async () => {
    t = await testCore({ now: fakeClock() });
    const db = t.core.db;
    const vip = insertContacts(db, SNAPSHOT_SLICE + 600, { light: true, tag: 'vip' });
    insertContacts(db, 40, { light: true, prefix: 'other', tag: 'other' });
    await t.call('contacts.deleteOne', { id: vip[5]! });
    // One note of a selected contact deleted on its own: not counted.
    const note = db.prepare('SELECT id FROM notes WHERE contact_id = ?').pluck().get(vip[9]) as string;
    await t.call('related.delete', { kind: 'note', id: note });

    const live = vip.length - 1;
    const oneEach = {
      conversation: live,
      message: live,
      note: live - 1,
      opportunity: live,
      task: live,
      appointment: live,
      manualAction: live,
    };
    expect(
      count(
        db,
        'notes',
        "deleted_at IS NULL AND contact_id IN (SELECT contact_id FROM contact_tags WHERE tag = 'vip')",
      ),
    ).toBe(live - 1);

    // Named twice (within a slice and across slices), plus the deleted one: each live contact once.
    const ids = [...vip, vip[0]!, vip[SNAPSHOT_SLICE + 1]!, vip[5]!];
    expect(await t.call<Preview>('contacts.deletePreview', { ids })).toEqual({ contacts: live, related: oneEach });
    expect(await t.call<Preview>('contacts.deletePreview', { filter: { tag: 'vip' } })).toEqual({
      contacts: live,
      related: oneEach,
    });
    expect((await t.call<Preview>('contacts.deletePreview', { filter: {} })).contacts).toBe(live + 40);
  });
});
