import { afterEach, describe, expect, it } from 'vitest';
import type { BulkAction } from '../../../shared/domain.ts';
import { runChunk } from '../../../electron/core/bulk/runChunk.ts';
import { deleteRelated } from '../../../electron/core/related/deleteRelated.ts';
import { dumpDatabase, fakeClock, testCore } from '../../helpers/core.ts';
import { BOOKKEEPING_TABLES, count, insertContacts, lifecycleOf, OWNED } from '../../helpers/fixtures.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(async () => t?.cleanup());

async function setup() {
  const clock = fakeClock();
  t = await testCore({ now: clock });
  await t.call('settings.update', { profileName: 'Ann' });
  // Fixed chunks make the progress sequence exact; the 5,000-contact test uses the timed chunks.
  t.core.runner.chunkSize = 100;
  return { clock, db: t.core.db, runner: t.core.runner };
}

/** Runs the background runner until no action is left. */
async function drain() {
  t.core.runner.start();
  await t.core.runner.idle();
  await t.core.runner.stop();
}

const get = (id: string) => t.call<BulkAction>('bulkActions.get', { id });

describe('bulk delete and bulk restore', () => {
  it('deletes 5,000 contacts with 20 related rows each and restores every table row for row', async () => {
    const { db } = await setup();
    const ids = insertContacts(db, 5000);
    const before = dumpDatabase(db, { exclude: BOOKKEEPING_TABLES });
    t.core.runner.chunkSize = null;
    const chunkMs: number[] = [];
    let last = 0;
    t.core.events.on('bulkActions.progress', () => {
      const now = performance.now();
      if (last) chunkMs.push(now - last);
      last = now;
    });

    let t0 = performance.now();
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    // 5,000 ids: the first slice of 2,000 is in when the call answers, the rest follows on the runner's turns.
    expect((await get(bulkActionId)).statusLabel).toBe('Preparing · 2,000 selected so far');
    await drain();
    const deleteMs = performance.now() - t0;
    const deletionId = db.prepare('SELECT deletion_id FROM bulk_actions WHERE id = ?').pluck().get(bulkActionId) as string;
    expect(count(db, 'contacts', 'deleted_at IS NULL')).toBe(0);
    for (const table of OWNED) expect(count(db, table, 'deletion_id IS NOT ?', deletionId), table).toBe(0);
    const deleted = await get(bulkActionId);
    expect(deleted).toMatchObject({ status: 'complete', statusLabel: 'Complete', total: 5000, processed: 5000, skipped: 0, restorable: true });

    const deleteChunks = chunkMs.length + 1;
    t0 = performance.now();
    last = 0;
    const { bulkActionId: restoreId } = await t.call<{ bulkActionId: string }>('bulkActions.restore', { id: bulkActionId });
    await drain();
    const restoreMs = performance.now() - t0;
    expect(dumpDatabase(db, { exclude: BOOKKEEPING_TABLES })).toEqual(before);
    expect(await get(restoreId)).toMatchObject({ type: 'restore', status: 'complete', statusLabel: 'Complete · Restored', total: 5000, processed: 5000, sourceActionId: bulkActionId });
    expect(await get(bulkActionId)).toMatchObject({ statusLabel: 'Complete · Restored', restorable: false, restoredBy: [restoreId] });
    chunkMs.sort((a, b) => a - b);
    console.log(
      `[measure] bulk delete of 5,000 contacts (100,000 related rows): ${deleteMs.toFixed(0)} ms in ${deleteChunks} chunks; ` +
        `bulk restore: ${restoreMs.toFixed(0)} ms; chunk gap median ${chunkMs[chunkMs.length >> 1]!.toFixed(1)} ms, ` +
        `p90 ${chunkMs[Math.floor(chunkMs.length * 0.9)]!.toFixed(1)} ms`,
    );
  }, 240_000);

  it('restores the rest after some were restored one by one, labels it, and a second restore changes nothing', async () => {
    const { db } = await setup();
    const ids = insertContacts(db, 30, { related: false });
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    await drain();
    await t.call('restore.contacts', { ids: ids.slice(0, 5) });
    expect((await get(bulkActionId)).statusLabel).toBe('Complete · 5 of 30 restored');
    // A new live contact took the email of a deleted one: that one cannot come back.
    const email = db.prepare('SELECT email FROM contacts WHERE id = ?').pluck().get(ids[10]) as string;
    await t.call('contacts.create', { firstName: 'Taker', email });

    const { bulkActionId: r1 } = await t.call<{ bulkActionId: string }>('bulkActions.restore', { id: bulkActionId });
    expect((await get(r1)).total).toBe(25);
    await drain();
    const label = 'Complete · Restored 29 of 30 · 1 not restored: email or phone now used by another contact';
    expect((await get(bulkActionId)).statusLabel).toBe(label);
    expect(await get(r1)).toMatchObject({
      statusLabel: 'Complete · Restored 24 of 25 · 1 not restored: email or phone now used by another contact',
      skipped: 1,
      skippedReasons: [{ code: 'CONFLICT', reason: 'its email is now used by another contact', count: 1 }],
    });
    expect((await get(bulkActionId)).restorable).toBe(true);

    // The taker goes away; the last one comes back with a second restore.
    const taker = db.prepare("SELECT id FROM contacts WHERE first_name = 'Taker'").pluck().get() as string;
    await t.call('contacts.deleteOne', { id: taker });
    const { bulkActionId: r2 } = await t.call<{ bulkActionId: string }>('bulkActions.restore', { id: bulkActionId });
    expect(r2).not.toBe(r1);
    await drain();
    expect(await get(bulkActionId)).toMatchObject({ statusLabel: 'Complete · Restored', restorable: false, restoredBy: [r1, r2] });

    // Restoring again: nothing left, nothing changes, the last restore is answered.
    const snapshot = dumpDatabase(db);
    expect(await t.call('bulkActions.restore', { id: bulkActionId })).toEqual({ bulkActionId: r2, outcome: 'already-restored' });
    await drain();
    expect(dumpDatabase(db)).toEqual(snapshot);
  });

  it('leaves rows deleted on their own before a bulk delete deleted after its restore', async () => {
    const { clock, db } = await setup();
    const ids = insertContacts(db, 5);
    const note = db.prepare('SELECT id FROM notes WHERE contact_id = ? LIMIT 1').pluck().get(ids[2]) as string;
    const conv = db.prepare('SELECT id FROM conversations WHERE contact_id = ? LIMIT 1').pluck().get(ids[3]) as string;
    const { deletionId: noteDeletion } = deleteRelated(db, clock, 'note', note);
    const { deletionId: convDeletion } = deleteRelated(db, clock, 'conversation', conv);
    const before = dumpDatabase(db, { exclude: BOOKKEEPING_TABLES });
    clock.advance(1000);
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    await drain();
    expect(db.prepare('SELECT deletion_id FROM notes WHERE id = ?').pluck().get(note)).toBe(noteDeletion);
    expect(count(db, 'messages', 'conversation_id = ? AND deletion_id = ?', conv, convDeletion)).toBe(3);
    await t.call('bulkActions.restore', { id: bulkActionId });
    await drain();
    expect(dumpDatabase(db, { exclude: BOOKKEEPING_TABLES })).toEqual(before);
    expect(count(db, 'notes', 'id = ? AND deleted_at IS NOT NULL', note)).toBe(1);
    // Undo of the record deletion brings the conversation and its messages back, now that the contact is live.
    const undo = await t.call<{ restored: string[] }>('restore.deletion', { deletionId: convDeletion });
    expect(undo.restored).toHaveLength(4);
    expect(count(db, 'messages', 'conversation_id = ? AND deleted_at IS NULL', conv)).toBe(3);
  });

  it('labels a delete whose contacts were all restored one by one as Complete · Restored', async () => {
    const { db } = await setup();
    const ids = insertContacts(db, 3, { related: false });
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    await drain();
    await t.call('restore.contacts', { ids });
    expect(await get(bulkActionId)).toMatchObject({ statusLabel: 'Complete · Restored', restorable: false });
    const env = await t.core.dispatcher.call('bulkActions.restore', { id: bulkActionId });
    expect(env.ok ? 'ok' : env.error.code).toBe('NOT_FOUND');
  });

  it('deletes "all N matching" a filter, live contacts only', async () => {
    const { db } = await setup();
    const vip = insertContacts(db, 4, { related: false, tag: 'vip' });
    insertContacts(db, 3, { related: false });
    await t.call('contacts.deleteOne', { id: vip[0] });
    const preview = await t.call<{ contacts: number }>('contacts.deletePreview', { filter: { tag: 'VIP' } });
    expect(preview.contacts).toBe(3);
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { filter: { tag: 'vip' } });
    expect((await get(bulkActionId)).total).toBe(3);
    await drain();
    expect(count(db, 'contacts', 'deleted_at IS NULL')).toBe(3);
    // How it chose, for its detail view, never the tag or words themselves.
    expect(db.prepare('SELECT params FROM bulk_actions WHERE id = ?').pluck().get(bulkActionId)).toBe(
      '{"by":"filter","filter":{"searched":false,"tagged":true}}',
    );
  });

  it('deletes "all N matching" a search, exactly the contacts the list counts', async () => {
    const { db } = await setup();
    const ids = insertContacts(db, 6, { related: false });
    for (const id of ids.slice(0, 4)) db.prepare("UPDATE contacts SET company = 'Acme Widgets' WHERE id = ?").run(id);
    const listed = await t.call<{ total: number }>('contacts.list', { query: 'acme wid' });
    expect(listed.total).toBe(4);
    expect((await t.call<{ contacts: number }>('contacts.deletePreview', { filter: { query: 'acme wid' } })).contacts).toBe(4);
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { filter: { query: 'acme wid' } });
    await drain();
    expect((await get(bulkActionId)).processed).toBe(4);
    expect(db.prepare('SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY id').pluck().all()).toEqual(ids.slice(4).sort());
    // Nothing matches any more: nothing to delete.
    const env = await t.core.dispatcher.call('contacts.delete', { filter: { query: 'acme wid' } });
    expect(env.ok ? 'ok' : env.error.code).toBe('NOT_FOUND');
  });

  it('sends progress events in order, one per chunk, and data.changed with them', async () => {
    const { db } = await setup();
    const ids = insertContacts(db, 250, { related: false });
    const progress: unknown[] = [];
    const scopes: string[][] = [];
    t.core.events.on('bulkActions.progress', (p) => progress.push(p));
    t.core.events.on('data.changed', (p) => scopes.push(p.scope));
    const { bulkActionId: id } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    await drain();
    expect(progress).toEqual([
      { id, processed: 100, total: 250, status: 'running' },
      { id, processed: 200, total: 250, status: 'running' },
      { id, processed: 250, total: 250, status: 'complete' },
    ]);
    expect(scopes).toEqual([['bulkActions'], ...Array(3).fill(['contacts', 'restore', 'bulkActions'])]);
  });

  it('cancels between chunks, keeps what was done, and the cancelled delete is restorable', async () => {
    const { db } = await setup();
    const ids = insertContacts(db, 250);
    const { bulkActionId: id } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    runChunk(t.core.ctx, id, 100);
    expect(await get(id)).toMatchObject({ status: 'running', statusLabel: 'Running', processed: 100, restorable: true });
    const cancelled = await t.call<BulkAction>('bulkActions.cancel', { id });
    expect(cancelled).toMatchObject({ status: 'cancelled', statusLabel: 'Cancelled · 100 of 250 deleted', processed: 100, restorable: true });
    expect(db.prepare('SELECT action, count, details FROM audit_log WHERE target_id = ?').all(id)).toEqual([
      { action: 'bulk_delete', count: 100, details: expect.stringContaining('"status":"cancelled","total":250') },
    ]);
    // Cancelling again changes nothing.
    expect((await t.call<BulkAction>('bulkActions.cancel', { id })).finishedAt).toBe(cancelled.finishedAt);
    expect(count(db, 'audit_log', 'target_id = ?', id)).toBe(1);
    await drain(); // nothing more runs
    expect(count(db, 'contacts', 'deleted_at IS NOT NULL')).toBe(100);
    expect(count(db, 'bulk_action_items', "action_id = ? AND state = 'pending'", id)).toBe(150);
    // Every contact is all live or all deleted by this action.
    for (const c of ids) {
      const rows = lifecycleOf(db, c);
      const states = new Set(rows.map((r) => (r.deleted_at === null ? 'live' : r.deletion_id)));
      expect(states.size).toBe(1);
    }
    const { bulkActionId: r } = await t.call<{ bulkActionId: string }>('bulkActions.restore', { id });
    expect((await get(r)).total).toBe(100);
    await drain();
    expect(count(db, 'contacts', 'deleted_at IS NOT NULL')).toBe(0);
    expect((await get(id)).statusLabel).toBe('Cancelled · 100 of 250 deleted · Restored');
  });

  it('bulkActions.restore of a running delete cancels it first, then restores what it did', async () => {
    const { db } = await setup();
    const ids = insertContacts(db, 250, { related: false });
    const before = dumpDatabase(db, { exclude: BOOKKEEPING_TABLES });
    const { bulkActionId: id } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    runChunk(t.core.ctx, id, 100);
    const { bulkActionId: r } = await t.call<{ bulkActionId: string }>('bulkActions.restore', { id });
    expect((await get(id)).status).toBe('cancelled');
    await drain();
    expect((await get(r)).processed).toBe(100);
    expect(dumpDatabase(db, { exclude: BOOKKEEPING_TABLES })).toEqual(before);
  });

  it('restore.deletion of a running bulk delete cancels it and undoes it', async () => {
    const { db } = await setup();
    const ids = insertContacts(db, 250, { related: false });
    const before = dumpDatabase(db, { exclude: BOOKKEEPING_TABLES });
    const { bulkActionId: id } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    runChunk(t.core.ctx, id, 100);
    runChunk(t.core.ctx, id, 100);
    const deletionId = db.prepare('SELECT deletion_id FROM bulk_actions WHERE id = ?').pluck().get(id) as string;
    const res = await t.call<{ restored: string[]; skipped: unknown[] }>('restore.deletion', { deletionId });
    expect(res.restored).toHaveLength(200);
    expect(res.skipped).toEqual([]);
    await drain();
    expect(dumpDatabase(db, { exclude: BOOKKEEPING_TABLES })).toEqual(before);
    expect((await get(id)).statusLabel).toBe('Cancelled · 200 of 250 deleted · Restored');
  });

  it('resumes after stop(): the runner picks up a running action where it left off', async () => {
    const { db, runner } = await setup();
    const ids = insertContacts(db, 300, { related: false });
    const { bulkActionId: id } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    const seen: number[] = [];
    const off = t.core.events.on('bulkActions.progress', (p) => {
      seen.push(p.processed);
      if (p.processed === 100) void runner.stop();
    });
    runner.start();
    await runner.idle();
    expect(seen).toEqual([100]);
    expect((await get(id)).status).toBe('running');
    runner.start();
    await runner.idle();
    off();
    expect(seen).toEqual([100, 200, 300]);
    expect((await get(id)).statusLabel).toBe('Complete');
  });

  it('runs one action at a time, oldest first', async () => {
    const { db } = await setup();
    const a = insertContacts(db, 150, { related: false });
    const b = insertContacts(db, 50, { related: false });
    const { bulkActionId: first } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids: a });
    const { bulkActionId: second } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids: b });
    const order: string[] = [];
    const intervals = new Set<unknown>();
    t.core.events.on('bulkActions.progress', (p) => {
      order.push(`${p.id === first ? 'A' : 'B'}${p.processed}`);
      intervals.add(db.pragma('wal_autocheckpoint', { simple: true }));
    });
    await drain();
    expect(order).toEqual(['A100', 'A150', 'B50']);
    // Checkpoints are spaced out while actions run, and back to the connection's own interval after.
    expect([...intervals]).toEqual([16000]);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect((await get(second)).status).toBe('complete');
  });

  it('marks an action failed with a reason a person understands when the disk is full, keeping the finished chunks', async () => {
    const { db } = await setup();
    const ids = insertContacts(db, 1000);
    const { bulkActionId: id } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    runChunk(t.core.ctx, id, 100);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    await drain();
    db.pragma('max_page_count = 1073741823');
    const action = await get(id);
    expect(action.status).toBe('failed');
    expect(action.statusLabel).toBe('Failed: the disk is full. Free some space; what was done so far is kept');
    const deleted = count(db, 'contacts', 'deleted_at IS NOT NULL');
    expect(deleted).toBe(action.processed);
    expect(count(db, 'bulk_action_items', "action_id = ? AND state = 'done'", id)).toBe(deleted);
    for (const c of ids) {
      const states = new Set(lifecycleOf(db, c).map((r) => (r.deleted_at === null ? 'live' : r.deletion_id)));
      expect(states.size).toBe(1);
    }
    expect(action.restorable).toBe(true);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
