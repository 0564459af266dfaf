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
    const taken = db
      .prepare("SELECT contact_id FROM bulk_action_items WHERE action_id = ? AND state = 'done' LIMIT 1")
      .pluck()
      .get(bulkActionId) as string;
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

/** Runs the runner by hand until the action is no longer queued or running. */
function runToEnd(t: T, actionId: string, size = 500) {
  for (let r = runChunk(t.core.ctx, actionId, size); r.status === 'running' || r.status === 'queued'; )
    r = runChunk(t.core.ctx, actionId, size);
}
const label = async (t: T, id: string) => (await t.call<BulkAction>('bulkActions.get', { id })).statusLabel;

describe('the label of a restored bulk delete says what is not back, and why', () => {
  it('contacts restored one by one and deleted again since are "deleted again since", on the delete and its restore', async () => {
    const { t, db } = await setup();
    const ids = insertContacts(db, 300, { light: true });
    const { bulkActionId: del } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    runToEnd(t, del);
    const again = ids.slice(0, 10);
    const backOnTheirOwn = ids.slice(10, 15);
    await t.call('restore.contacts', { ids: [...again, ...backOnTheirOwn] });
    for (const id of again) await t.call('contacts.deleteOne', { id });

    const { bulkActionId: restore, outcome } = await t.call<{ bulkActionId: string; outcome: string }>(
      'bulkActions.restore',
      { id: del },
    );
    expect(outcome).toBe('started');
    runToEnd(t, restore);
    expect(liveCount(t)).toBe(290);
    // The five back on their own are not items of the restore; the ten deleted again are, and say why.
    expect(count(db, 'bulk_action_items', 'action_id = ?', restore)).toBe(295);
    expect(await label(t, restore)).toBe('Complete · Restored 285 of 295 · 10 not restored: deleted again since');
    expect(await label(t, del)).toBe('Complete · Restored 290 of 300 · 10 not restored: deleted again since');
    // Restored once more from their newer deletions: then the whole bulk delete is back.
    await t.call('restore.contacts', { ids: again });
    expect(await label(t, del)).toBe('Complete · Restored');
  });

  it('contacts purged while the restore is prepared are counted as purged, on the delete and on its restore', async () => {
    const { t, db } = await setup();
    const ids = insertContacts(db, SNAPSHOT_SLICE + 100, { light: true });
    const { bulkActionId: del } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    runToEnd(t, del);
    const { bulkActionId: restore } = await t.call<{ bulkActionId: string }>('bulkActions.restore', { id: del });
    expect(count(db, 'bulk_action_items', 'action_id = ?', restore)).toBe(SNAPSHOT_SLICE);
    // Three contacts the first slice did not take are purged before the next slice.
    const late = db
      .prepare('SELECT contact_id FROM bulk_action_items WHERE action_id = ? AND seq > ? ORDER BY seq LIMIT 3')
      .pluck()
      .all(del, SNAPSHOT_SLICE) as string[];
    expect((await t.call<{ purged: number }>('restore.purge', { ids: late, confirm: 'DELETE' })).purged).toBe(3);
    runToEnd(t, restore);
    expect(liveCount(t)).toBe(SNAPSHOT_SLICE + 97);
    const n = SNAPSHOT_SLICE + 100;
    expect(await label(t, restore)).toBe(`Complete · Restored ${(n - 3).toLocaleString('en')} of ${n.toLocaleString('en')} · 3 not restored: purged for good`);
    expect(await label(t, del)).toBe(`Complete · Restored ${(n - 3).toLocaleString('en')} of ${n.toLocaleString('en')} · 3 not restored: purged for good`);
  });
});

describe('the Undo of a bulk delete that has not started', () => {
  it('cancels it and says so: nothing was deleted, nothing to restore', async () => {
    const { t, db } = await setup();
    const ids = insertContacts(db, 40, { light: true });
    const { bulkActionId: del } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    expect(await t.call('bulkActions.restore', { id: del })).toEqual({ bulkActionId: null, outcome: 'cancelled' });
    expect(await t.call<BulkAction>('bulkActions.get', { id: del })).toMatchObject({
      status: 'cancelled',
      statusLabel: 'Cancelled · nothing was deleted',
      restorable: false,
    });
    expect(liveCount(t)).toBe(40);
    expect(count(db, 'bulk_actions', "type = 'restore'")).toBe(0);
    // Asked again (a second click): the same answer, nothing new.
    expect(await t.call('bulkActions.restore', { id: del })).toEqual({ bulkActionId: null, outcome: 'cancelled' });
  });
});

describe('contacts.delete answers the same at every size', () => {
  it.each([1, 10, SNAPSHOT_SLICE, SNAPSHOT_SLICE + 500])('%i unknown ids: NOT_FOUND, and no bulk action is made', async (n) => {
    const { t, db } = await setup();
    insertContacts(db, 3, { light: true });
    const ids = Array.from({ length: n }, () => randomUUID());
    expect((await refused(t, 'contacts.delete', { ids })).code).toBe('NOT_FOUND');
    expect(count(db, 'bulk_actions')).toBe(0);
    expect(count(db, 'deletions')).toBe(0);
  });

  it('a filter that matches nothing: NOT_FOUND, and no bulk action is made', async () => {
    const { t, db } = await setup();
    insertContacts(db, 3, { light: true, tag: 'here' });
    expect((await refused(t, 'contacts.delete', { filter: { tag: 'nobody' } })).code).toBe('NOT_FOUND');
    expect((await refused(t, 'contacts.delete', { filter: { query: 'zzzz' } })).code).toBe('NOT_FOUND');
    expect(count(db, 'bulk_actions')).toBe(0);
  });

  it('a selection whose every contact is deleted by others while it is prepared leaves no empty action behind', async () => {
    const { t, db } = await setup();
    const live = insertContacts(db, 30, { light: true });
    const ids = [...Array.from({ length: SNAPSHOT_SLICE }, () => randomUUID()), ...live];
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    expect(count(db, 'bulk_action_items', 'action_id = ?', bulkActionId)).toBe(0);
    for (const id of live) await t.call('contacts.deleteOne', { id });
    runToEnd(t, bulkActionId);
    expect(count(db, 'bulk_actions')).toBe(0);
    expect(count(db, 'deletions', "kind = 'bulk'")).toBe(0);
    expect(count(db, 'deletions', "kind = 'single'")).toBe(30);
  });
});

describe('one restore rule for the preview, the Restore tab, Undo and bulk chunks', () => {
  it('the preview predicts exactly what restore.contacts does, emails compared as the unique index compares them', async () => {
    const { t, db } = await setup();
    const [a, b, c, d, e, f] = insertContacts(db, 6, { light: true });
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids: [a, b, c, f] });
    runToEnd(t, bulkActionId);
    // Emails that differ only in a non-ASCII letter's case are different to SQLite's NOCASE index;
    // b and c differ in ASCII case only: once b is back, c clashes with it.
    db.prepare("UPDATE contacts SET email = 'élodie@x.test' WHERE id = ?").run(a);
    db.prepare("UPDATE contacts SET email = 'ann@x.test' WHERE id = ?").run(b);
    db.prepare("UPDATE contacts SET email = 'ANN@X.TEST' WHERE id = ?").run(c);
    db.prepare("UPDATE contacts SET email = 'ÉLODIE@x.test' WHERE id = ?").run(f);
    await t.call('contacts.deleteOne', { id: d! });
    await t.call('restore.purge', { ids: [d!], confirm: 'DELETE' });
    const ids = [a!, f!, b!, c!, d!, e!, randomUUID()];

    const preview = await t.call<{ contacts: { id: string }[]; conflicts: { id: string; reason: string }[]; purged: string[] }>(
      'restore.preview',
      { ids },
    );
    const result = await t.call<{ restored: string[]; skipped: { id: string; code: string; reason: string }[] }>(
      'restore.contacts',
      { ids },
    );
    expect(preview.contacts.map((x) => x.id)).toEqual(result.restored);
    expect(result.restored).toEqual([a, f, b]);
    expect(preview.conflicts).toEqual(result.skipped.filter((s) => s.code === 'CONFLICT'));
    expect(preview.conflicts).toEqual([{ id: c, code: 'CONFLICT', reason: 'its email is now used by another contact' }]);
    expect(preview.purged).toEqual([d]);
    expect(result.skipped.map((s) => s.code)).toEqual(['CONFLICT', 'PURGED', 'ALREADY_LIVE', 'NOT_FOUND']);
  });

  it('restore.preview of thousands of contacts lets other calls answer while it counts', async () => {
    const { t, db } = await setup();
    const ids = insertContacts(db, 3000, { light: true });
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    runToEnd(t, bulkActionId, 2000);
    const order: string[] = [];
    const preview = t.call<{ contacts: unknown[] }>('restore.preview', { ids }).then((p) => {
      order.push('preview');
      return p;
    });
    const list = t.call('contacts.list', {}).then(() => order.push('list'));
    const [p] = await Promise.all([preview, list]);
    expect(order).toEqual(['list', 'preview']);
    expect(p.contacts).toHaveLength(3000);
  });
});

describe('exports of thousands of contacts', () => {
  it.each(['restore.export', 'contacts.export'])('%s lets other calls answer while it reads, and exports every contact', async (channel) => {
    const { t, db } = await setup();
    const ids = insertContacts(db, 1200, { light: true });
    if (channel === 'restore.export') {
      const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
      runToEnd(t, bulkActionId, 2000);
    }
    const order: string[] = [];
    const exported = t.call<{ count: number; csv: string }>(channel, { ids }).then((r) => {
      order.push('export');
      return r;
    });
    const list = t.call('restore.list', {}).then(() => order.push('list'));
    const [r] = await Promise.all([exported, list]);
    expect(order).toEqual(['list', 'export']);
    expect(r.count).toBe(1200);
    expect(r.csv.trimEnd().split('\r\n')).toHaveLength(1201);
  });
});
