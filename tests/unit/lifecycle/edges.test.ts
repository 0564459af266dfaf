// The lifecycle at its edges (issue 12): interleavings of single and bulk operations, purges under
// way, and the same answer at every size. Each test here failed on the code before its fix.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { runChunk } from '../../../electron/core/bulk/runChunk.ts';
import { SNAPSHOT_SLICE } from '../../../electron/core/bulk/snapshot.ts';
import type { BulkAction, Contact } from '../../../shared/domain.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';
import { count, insertContacts } from '../../helpers/fixtures.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

async function setup() {
  t = await testCore({ now: fakeClock() });
  await t.call('settings.update', { profileName: 'Ann' });
  return { t, db: t.core.db };
}

/** Calls a channel expecting an error; returns it. */
async function refused(t: T, channel: string, input: unknown) {
  const env = await t.core.dispatcher.call(channel, input);
  if (env.ok) throw new Error(`${channel} answered ${JSON.stringify(env.result).slice(0, 200)}`);
  return env.error;
}

const liveCount = (t: T) => count(t.core.db, 'contacts', 'deleted_at IS NULL');

describe('a single delete never hands out another operation’s deletion', () => {
  it('refuses a contact a running bulk delete already took; Undo of the refusal cannot exist, the bulk delete runs on', async () => {
    const { t, db } = await setup();
    const ids = insertContacts(db, 300, { light: true });
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    runChunk(t.core.ctx, bulkActionId, 100); // the first 100 are deleted, the action is running
    const taken = ids[5]!;
    const before = db.prepare('SELECT deletion_id FROM contacts WHERE id = ?').pluck().get(taken);

    // A stale contact page deletes it again: refused, and nothing changes.
    const err = await refused(t, 'contacts.deleteOne', { id: taken });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/already deleted/);
    expect(db.prepare('SELECT deletion_id FROM contacts WHERE id = ?').pluck().get(taken)).toBe(before);
    expect(count(db, 'deletions', "kind = 'single'")).toBe(0);

    while (runChunk(t.core.ctx, bulkActionId, 100).status === 'running');
    expect(liveCount(t)).toBe(0);
    expect((await t.call<BulkAction>('bulkActions.get', { id: bulkActionId })).status).toBe('complete');
  });

  it('refuses a contact deleted on its own, and says PURGED for one purged for good', async () => {
    const { t, db } = await setup();
    const [a, b] = insertContacts(db, 2, { light: true });
    const { deletionId } = await t.call<{ deletionId: string }>('contacts.deleteOne', { id: a });
    expect((await refused(t, 'contacts.deleteOne', { id: a })).code).toBe('CONFLICT');
    expect(count(db, 'deletions')).toBe(1);
    await t.call('restore.deletion', { deletionId });
    expect(liveCount(t)).toBe(2);

    await t.call('contacts.deleteOne', { id: b });
    await t.call('restore.purge', { ids: [b], confirm: 'DELETE' });
    expect((await refused(t, 'contacts.deleteOne', { id: b })).code).toBe('PURGED');
    expect((await refused(t, 'contacts.deleteOne', { id: randomUUID() })).code).toBe('NOT_FOUND');
  });
});

describe('"all N matching" after a purge', () => {
  it('never takes a contact created after the click, even on the rowid a purged contact had', async () => {
    const { t, db } = await setup();
    const ids = insertContacts(db, SNAPSHOT_SLICE + 50, { light: true, tag: 'vip' });
    const newest = ids.at(-1)!;
    await t.call('contacts.deleteOne', { id: newest });
    const newestRowid = db.prepare('SELECT rowid FROM contacts WHERE id = ?').pluck().get(newest) as number;

    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { filter: { tag: 'vip' } });
    // While the selection is still being prepared: the newest contact is purged, a new vip is created.
    await t.call('restore.purge', { ids: [newest], confirm: 'DELETE' });
    const late = await t.call<Contact>('contacts.create', { firstName: 'Late', tags: ['vip'] });
    const lateRowid = db.prepare('SELECT rowid FROM contacts WHERE id = ?').pluck().get(late.id) as number;
    expect(lateRowid).toBeGreaterThan(newestRowid);

    while (runChunk(t.core.ctx, bulkActionId, 500).status !== 'complete');
    expect(db.prepare('SELECT deleted_at FROM contacts WHERE id = ?').pluck().get(late.id)).toBeNull();
    expect(count(db, 'bulk_action_items', 'action_id = ? AND contact_id = ?', bulkActionId, late.id)).toBe(0);
    expect(liveCount(t)).toBe(1);
  });

  it('refuses an insert that would reuse a rowid, whatever the path', async () => {
    const { t, db } = await setup();
    const ids = insertContacts(db, 3, { light: true });
    await t.call('contacts.deleteOne', { id: ids[2]! });
    await t.call('restore.purge', { ids: [ids[2]!], confirm: 'DELETE' });
    // A plain INSERT would take max(rowid) + 1: the purged contact's rowid.
    expect(() =>
      db.prepare("INSERT INTO contacts (id, first_name, created_at, updated_at) VALUES (?, 'X', 1, 1)").run(randomUUID()),
    ).toThrow(/rowid would be reused/);
    expect(count(db, 'contacts')).toBe(2);
  });
});
