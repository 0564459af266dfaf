import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { runChunk } from '../../../electron/core/bulk/runChunk.ts';
import { SNAPSHOT_SLICE } from '../../../electron/core/bulk/snapshot.ts';
import type { BulkAction } from '../../../shared/domain.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';
import { count, insertContacts } from '../../helpers/fixtures.ts';

// A selection larger than one slice is snapshotted a slice per runner turn (bulk/snapshot.ts), so the
// call answers after one slice whatever the selection's size. These tests drive the runner by hand.

type T = Awaited<ReturnType<typeof testCore>>;
let t: T | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

async function setup(contacts: number, opts: { tag?: string } = {}) {
  t = await testCore({ now: fakeClock() });
  const ids = insertContacts(t.core.db, contacts, { light: true, ...opts });
  return { t, db: t.core.db, ids };
}

const sources = (t: T, actionId: string) =>
  t.core.db
    .prepare('SELECT part, kind, cursor FROM bulk_action_sources WHERE action_id = ? ORDER BY part')
    .all(actionId) as {
    part: number;
    kind: string;
    cursor: number;
  }[];
const total = (t: T, actionId: string) =>
  t.core.db.prepare('SELECT total FROM bulk_actions WHERE id = ?').pluck().get(actionId) as number;
/** The action's item contact ids, sorted, and whether their seqs are exactly 1..n. */
function items(t: T, actionId: string) {
  const rows = t.core.db
    .prepare('SELECT seq, contact_id FROM bulk_action_items WHERE action_id = ? ORDER BY seq')
    .all(actionId) as { seq: number; contact_id: string }[];
  return { contacts: rows.map((r) => r.contact_id).sort(), seqs: rows.map((r) => r.seq) };
}
const live = (t: T, ids: string[]) =>
  ids.filter((id) => t.core.db.prepare('SELECT deleted_at FROM contacts WHERE id = ?').pluck().get(id) === null).length;

describe('a bulk delete larger than one slice', () => {
  it('answers after one slice, snapshots the rest on later turns, then deletes exactly the live contacts named once', async () => {
    const { t, db, ids } = await setup(SNAPSHOT_SLICE * 2 + 500);
    const goneBefore = ids[7]!;
    await t.call('contacts.deleteOne', { id: goneBefore });
    const unknown = randomUUID();
    // Named twice: within the first part and across parts.
    const selection = [...ids, ids[3]!, ids[SNAPSHOT_SLICE + 3]!, ids[5]!, unknown];
    selection.splice(10, 0, ids[12]!);
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids: selection });

    // One slice is in; two parts of the selection are left; no contact has changed yet.
    // The first part: 2,000 ids of which one is a repeat and one was deleted before.
    expect(total(t, bulkActionId)).toBe(SNAPSHOT_SLICE - 2);
    expect((await t.call<BulkAction>('bulkActions.get', { id: bulkActionId })).statusLabel).toBe(
      'Preparing · 1,998 selected so far',
    );
    expect(sources(t, bulkActionId).map((s) => s.kind)).toEqual(['ids', 'ids']);
    expect(live(t, ids)).toBe(ids.length - 1);

    // Turns while preparing add items and change no contact (so only the Bulk Actions view is told to refresh).
    const scopes: string[][] = [];
    t.core.events.on('data.changed', (p) => scopes.push(p.scope));
    runChunk(t.core.ctx, bulkActionId, 50);
    expect(total(t, bulkActionId)).toBe(SNAPSHOT_SLICE * 2 - 2);
    expect(live(t, ids)).toBe(ids.length - 1);
    runChunk(t.core.ctx, bulkActionId, 50);
    expect(scopes).toEqual([['bulkActions'], ['bulkActions']]);
    expect(sources(t, bulkActionId)).toEqual([]);

    const expected = ids.filter((id) => id !== goneBefore).sort();
    const snap = items(t, bulkActionId);
    expect(snap.contacts).toEqual(expected);
    expect(snap.seqs).toEqual(expected.map((_, i) => i + 1));

    t.core.runner.start();
    await t.core.runner.idle();
    const action = await t.call<BulkAction>('bulkActions.get', { id: bulkActionId });
    expect(action).toMatchObject({
      status: 'complete',
      total: expected.length,
      processed: expected.length,
      skipped: 0,
    });
    expect(live(t, ids)).toBe(0);
    expect(
      count(
        db,
        'notes',
        'deletion_id = ?',
        db.prepare('SELECT deletion_id FROM bulk_actions WHERE id = ?').pluck().get(bulkActionId),
      ),
    ).toBe(expected.length);
  });

  it('"all N matching" takes the contacts that matched when it was asked, not those created since', async () => {
    const { t, db, ids } = await setup(SNAPSHOT_SLICE + 700, { tag: 'vip' });
    insertContacts(db, 30, { light: true, prefix: 'other', tag: 'other' });
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { filter: { tag: 'vip' } });
    expect(total(t, bulkActionId)).toBe(SNAPSHOT_SLICE);
    expect(sources(t, bulkActionId)).toMatchObject([{ kind: 'filter' }]);

    // Meanwhile: a new contact with the tag (not part of the selection), and one of the selection deleted on its own.
    const [late] = insertContacts(db, 1, { light: true, prefix: 'late', tag: 'vip' });
    const alone = ids.at(-1)!;
    await t.call('contacts.deleteOne', { id: alone });

    t.core.runner.start();
    await t.core.runner.idle();
    const expected = ids.filter((id) => id !== alone).sort();
    expect(items(t, bulkActionId).contacts).toEqual(expected);
    expect(await t.call<BulkAction>('bulkActions.get', { id: bulkActionId })).toMatchObject({
      status: 'complete',
      total: expected.length,
      skipped: 0,
    });
    expect(live(t, [late!])).toBe(1);
    expect(count(db, 'contacts', "deleted_at IS NULL AND email LIKE 'other%'")).toBe(30);
    // The filter (its search text may be personal data) is gone with the snapshot.
    expect(count(db, 'bulk_action_sources')).toBe(0);
  });

  it('a word search is snapshotted in slices of the word index', async () => {
    const { t, db, ids } = await setup(SNAPSHOT_SLICE + 300);
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', {
      filter: { query: 'contact' },
    });
    t.core.runner.start();
    await t.core.runner.idle();
    expect(items(t, bulkActionId).contacts).toEqual([...ids].sort());
    expect(count(db, 'contacts', 'deleted_at IS NULL')).toBe(0);
  });

  it('resumes the snapshot after a restart, from where it stopped', async () => {
    const { t, ids } = await setup(SNAPSHOT_SLICE * 2 + 10);
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    await t.core.close();
    const again = await testCore({ dataDir: t.dataDir, now: fakeClock() });
    try {
      expect(sources(again as T, bulkActionId)).toHaveLength(2);
      again.core.runner.start();
      await again.core.runner.idle();
      expect(items(again as T, bulkActionId).contacts).toEqual([...ids].sort());
      expect(await again.call<BulkAction>('bulkActions.get', { id: bulkActionId })).toMatchObject({
        status: 'complete',
        total: ids.length,
        processed: ids.length,
      });
      expect(live(again as T, ids)).toBe(0);
    } finally {
      await again.core.close();
    }
  });

  it('cancelled while preparing: nothing is deleted and the rest of the selection is dropped', async () => {
    const { t, ids } = await setup(SNAPSHOT_SLICE + 10);
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    await t.call('bulkActions.cancel', { id: bulkActionId });
    expect(sources(t, bulkActionId)).toEqual([]);
    t.core.runner.start();
    await t.core.runner.idle();
    expect(live(t, ids)).toBe(ids.length);
    expect(await t.call<BulkAction>('bulkActions.get', { id: bulkActionId })).toMatchObject({
      status: 'cancelled',
      processed: 0,
    });
  });

  it('a selection of one slice or less naming no live contact is refused and leaves nothing behind', async () => {
    const { t, db } = await setup(3);
    const env = await t.core.dispatcher.call('contacts.delete', { ids: [randomUUID(), randomUUID()] });
    expect(env.ok).toBe(false);
    expect(!env.ok && env.error.code).toBe('NOT_FOUND');
    for (const table of ['bulk_actions', 'bulk_action_items', 'bulk_action_sources', 'deletions'])
      expect(count(db, table)).toBe(0);
  });
});

describe('a bulk restore larger than one slice', () => {
  it("snapshots the delete's items in slices, leaving out a contact restored on its own since", async () => {
    const { t, db, ids } = await setup(SNAPSHOT_SLICE * 2 + 100);
    const { bulkActionId: del } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    t.core.runner.start();
    await t.core.runner.idle();
    await t.core.runner.stop();
    await t.call('restore.contacts', { ids: [ids[SNAPSHOT_SLICE + 5]!] });

    const { bulkActionId: restore } = await t.call<{ bulkActionId: string }>('bulkActions.restore', { id: del });
    expect(total(t, restore)).toBe(SNAPSHOT_SLICE);
    expect(sources(t, restore)).toMatchObject([{ kind: 'restore', cursor: SNAPSHOT_SLICE }]);
    t.core.runner.start();
    await t.core.runner.idle();
    expect(sources(t, restore)).toEqual([]);
    expect(items(t, restore).contacts).toEqual(ids.filter((id) => id !== ids[SNAPSHOT_SLICE + 5]).sort());
    expect(await t.call<BulkAction>('bulkActions.get', { id: restore })).toMatchObject({
      status: 'complete',
      total: ids.length - 1,
      skipped: 0,
    });
    expect((await t.call<BulkAction>('bulkActions.get', { id: del })).statusLabel).toBe('Complete · Restored');
    expect(count(db, 'contacts', 'deleted_at IS NULL')).toBe(ids.length);
  });
});
