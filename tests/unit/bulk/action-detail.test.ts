import { afterEach, describe, expect, it } from 'vitest';
import type { BulkAction, BulkActionDetail, BulkActionItem, BulkRestorePreview, Page } from '../../../shared/domain.ts';
import { runChunk } from '../../../electron/core/bulk/runChunk.ts';
import { testCore } from '../../helpers/core.ts';
import { count, insertContacts } from '../../helpers/fixtures.ts';

// Issue 16 items 3 and 8: a bulk action told in full (bulkActions.detail / bulkActions.items), and the
// counts of a bulk restore's confirmation (bulkActions.restorePreview), all from the database.

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(async () => t?.cleanup());

async function drain() {
  t.core.runner.start();
  await t.core.runner.idle();
  await t.core.runner.stop();
}
const nameOf = (id: string) => t.core.db.prepare("SELECT first_name || ' ' || last_name FROM contacts WHERE id = ?").pluck().get(id) as string;

/**
 * Six contacts deleted in bulk, then: two restored from the Restore tab, one restored and deleted
 * again, one purged for good, and one whose email a new live contact took. One is left plain.
 */
async function sixFates() {
  t = await testCore();
  await t.call('settings.update', { profileName: 'Ann' });
  const db = t.core.db;
  const ids = insertContacts(db, 8, { related: false });
  const six = ids.slice(0, 6);
  const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids: six });
  await drain();
  await t.call('restore.contacts', { ids: six.slice(0, 3) });
  await t.call('contacts.deleteOne', { id: six[2] });
  await t.call('restore.purge', { ids: [six[3]], confirm: 'DELETE' });
  const email = db.prepare('SELECT email FROM contacts WHERE id = ?').pluck().get(six[4]) as string;
  const taker = await t.call<{ id: string }>('contacts.create', { firstName: 'Taker', lastName: 'Now', email });
  return { db, six, bulkActionId, taker };
}

describe('bulkActions.detail', () => {
  it("tells what a bulk delete targeted and what became of each of its contacts since, from the database", async () => {
    const { bulkActionId } = await sixFates();
    const detail = await t.call<BulkActionDetail>('bulkActions.detail', { id: bulkActionId });
    expect(detail.target).toBe('6 contacts selected one by one');
    expect(detail.fate).toEqual({ done: 6, stillDeleted: 2, restored: 2, deletedAgain: 1, purged: 1 });
    expect(detail.items).toEqual({ done: 6, skipped: 0, pending: 0 });
    expect(detail.action).toMatchObject({
      id: bulkActionId,
      createdBy: 'Ann',
      statusLabel: 'Complete · 2 of 6 restored · 1 deleted again since · 1 purged',
      statusTone: 'info',
      restorable: true,
    });
    // The list says the same as the detail, from the same place.
    expect((await t.call<BulkAction>('bulkActions.get', { id: bulkActionId })).statusLabel).toBe(detail.action.statusLabel);
  });

  it('says a filter in words without keeping its search words or tag', async () => {
    t = await testCore();
    const db = t.core.db;
    insertContacts(db, 5, { related: false, tag: 'vip', at: Date.UTC(2026, 0, 3) });
    const filter = { query: 'First', tag: 'vip', createdFrom: Date.UTC(2026, 0, 1) };
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { filter });
    await drain();
    const detail = await t.call<BulkActionDetail>('bulkActions.detail', { id: bulkActionId });
    expect(detail.target).toBe(
      'All 5 contacts with a tag, created from 2026-01-01, matching a search (the search and tag themselves are not kept)',
    );
    const params = db.prepare('SELECT params FROM bulk_actions WHERE id = ?').pluck().get(bulkActionId) as string;
    expect(params).not.toContain('First');
    expect(params).not.toContain('vip');
    const { bulkActionId: all } = await t.call<{ bulkActionId: string }>('contacts.delete', {
      filter: {},
    }).catch(() => ({ bulkActionId: null as unknown as string }));
    expect(all).toBeNull(); // nothing live is left to delete: refused, no action made
  });

  it('a cancelled delete: how many it deleted, how many it never reached', async () => {
    t = await testCore();
    const ids = insertContacts(t.core.db, 250, { related: false });
    const { bulkActionId: id } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    runChunk(t.core.ctx, id, 100);
    await t.call('bulkActions.cancel', { id });
    const detail = await t.call<BulkActionDetail>('bulkActions.detail', { id });
    expect(detail.items).toEqual({ done: 100, skipped: 0, pending: 150 });
    expect(detail.action).toMatchObject({ statusLabel: 'Cancelled · 100 of 250 deleted', statusTone: 'warning' });
    expect(detail.fate).toEqual({ done: 100, stillDeleted: 100, restored: 0, deletedAgain: 0, purged: 0 });
  });

  it('answers an unknown id with NOT_FOUND and a bad one with VALIDATION', async () => {
    t = await testCore();
    const unknown = await t.core.dispatcher.call('bulkActions.detail', { id: '00000000-0000-4000-8000-000000000000' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const bad = await t.core.dispatcher.call('bulkActions.items', { id: 'x', state: 'gone' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('bulkActions.restorePreview and bulkActions.items', () => {
  it('counts what a bulk restore would bring back and what it cannot, then names each skipped contact with its reason, paged', async () => {
    const { db, six, bulkActionId, taker } = await sixFates();
    const before = count(db, 'contacts', 'deleted_at IS NULL');
    const preview = await t.call<BulkRestorePreview>('bulkActions.restorePreview', { id: bulkActionId });
    expect(preview).toEqual({
      restore: 1,
      alreadyBack: 2,
      cannot: [
        { code: 'CONFLICT', reason: 'its email is now used by another contact', count: 1 },
        { code: 'DELETED_AGAIN', reason: 'it was restored and deleted again since; restore it from its newer deletion', count: 1 },
        { code: 'PURGED', reason: 'it was purged for good and cannot be restored', count: 1 },
      ],
    });
    // The preview changes nothing.
    expect(count(db, 'contacts', 'deleted_at IS NULL')).toBe(before);

    const { bulkActionId: restoreId } = await t.call<{ bulkActionId: string }>('bulkActions.restore', { id: bulkActionId });
    await drain();
    // What the preview said is what the restore did.
    expect(count(db, 'contacts', 'deleted_at IS NULL')).toBe(before + preview.restore);
    const restore = await t.call<BulkActionDetail>('bulkActions.detail', { id: restoreId });
    expect(restore.target).toBe('The 4 contacts of a bulk delete that were not back');
    expect(restore.items).toEqual({ done: 1, skipped: 3, pending: 0 });
    expect(restore.action).toMatchObject({ statusTone: 'warning' });
    expect(restore.action.statusLabel).toMatch(/^Complete · Restored 1 of 4 · 3 not restored: /);

    const skipped = await t.call<Page<BulkActionItem>>('bulkActions.items', { id: restoreId, state: 'skipped' });
    expect(skipped.total).toBe(3);
    const byContact = new Map(skipped.rows.map((r) => [r.contactId, r]));
    expect(byContact.get(six[4]!)).toMatchObject({ name: nameOf(six[4]!), code: 'CONFLICT', now: 'deleted', state: 'skipped' });
    expect(byContact.get(six[2]!)).toMatchObject({ name: nameOf(six[2]!), code: 'DELETED_AGAIN', now: 'deleted' });
    // A purge keeps no name.
    expect(byContact.get(six[3]!)).toMatchObject({ name: null, code: 'PURGED', now: 'purged' });
    expect(taker.id).toBeTruthy();

    // Paged, in the order taken.
    const all = await t.call<Page<BulkActionItem>>('bulkActions.items', { id: bulkActionId, state: 'done', limit: 50 });
    const page2 = await t.call<Page<BulkActionItem>>('bulkActions.items', { id: bulkActionId, state: 'done', offset: 2, limit: 2 });
    expect(all.total).toBe(6);
    expect(page2).toEqual({ total: 6, rows: all.rows.slice(2, 4) });
    const now = new Map(all.rows.map((r) => [r.contactId, r.now]));
    expect(six.map((id) => now.get(id))).toEqual(['live', 'live', 'deleted', 'purged', 'deleted', 'live']);
  });

  it('refuses a preview of anything but a bulk delete', async () => {
    t = await testCore();
    const ids = insertContacts(t.core.db, 2, { related: false });
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    await drain();
    const { bulkActionId: r } = await t.call<{ bulkActionId: string }>('bulkActions.restore', { id: bulkActionId });
    const env = await t.core.dispatcher.call('bulkActions.restorePreview', { id: r });
    expect(env).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Only a bulk delete can be restored.' } });
  });
});
