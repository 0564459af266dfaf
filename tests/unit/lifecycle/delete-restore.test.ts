import { afterEach, describe, expect, it } from 'vitest';
import { deleteRelated } from '../../../electron/core/related/deleteRelated.ts';
import { dumpDatabase, fakeClock, testCore } from '../../helpers/core.ts';
import { BOOKKEEPING_TABLES, count, insertContacts, lifecycleOf } from '../../helpers/fixtures.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(async () => t?.cleanup());

async function setup() {
  const clock = fakeClock();
  t = await testCore({ now: clock });
  await t.call('settings.update', { profileName: 'Ann' });
  return { clock, db: t.core.db };
}

const zero = { conversation: 0, message: 0, note: 0, opportunity: 0, task: 0, appointment: 0, manualAction: 0 };
const full = { conversation: 2, message: 6, note: 3, opportunity: 2, task: 3, appointment: 2, manualAction: 2 };

describe('contacts.deleteOne and restore', () => {
  it('deletes a contact with every live row, then restores every table row for row', async () => {
    const { clock, db } = await setup();
    const [a, b] = insertContacts(db, 2);
    const before = dumpDatabase(db, { exclude: BOOKKEEPING_TABLES });

    const preview = await t.call('contacts.deletePreview', { ids: [a] });
    expect(preview).toEqual({ contacts: 1, related: full });

    clock.advance(1000);
    const { deletionId } = await t.call<{ deletionId: string }>('contacts.deleteOne', { id: a });
    const rows = lifecycleOf(db, a!);
    expect(rows).toHaveLength(21);
    for (const r of rows) expect(r).toMatchObject({ deleted_at: clock(), deletion_id: deletionId });
    // The other contact is untouched; the deleted one left the search index.
    expect(lifecycleOf(db, b!).every((r) => r.deleted_at === null)).toBe(true);
    expect(count(db, 'contacts_fts', "contacts_fts MATCH 'First1*'")).toBe(0);
    expect(db.prepare('SELECT kind, deleted_by, deleted_at, bulk_action_id FROM deletions WHERE id = ?').get(deletionId)).toEqual({
      kind: 'single',
      deleted_by: 'Ann',
      deleted_at: clock(),
      bulk_action_id: null,
    });
    // Nothing is left to delete: the preview of the same selection says so.
    expect(await t.call('contacts.deletePreview', { ids: [a] })).toEqual({ contacts: 0, related: zero });

    const list = await t.call<{ total: number; rows: { id: string; related: object; deletedBy: string; purgeAt: number }[] }>('restore.list', {});
    expect(list.total).toBe(1);
    expect(list.rows[0]).toMatchObject({ id: a, deletedBy: 'Ann', related: full, deletionId, bulkActionId: null, purgeAt: clock() + 60 * 86_400_000 });

    clock.advance(1000);
    expect(await t.call('restore.contacts', { ids: [a] })).toEqual({ restored: [a], skipped: [] });
    expect(dumpDatabase(db, { exclude: BOOKKEEPING_TABLES })).toEqual(before);
    expect(count(db, 'contacts_fts', "contacts_fts MATCH 'First1*'")).toBe(1);

    // Idempotent: a second restore is nothing to do and changes nothing.
    const again = dumpDatabase(db);
    const second = await t.call<{ restored: string[]; skipped: { code: string }[] }>('restore.contacts', { ids: [a] });
    expect(second.restored).toEqual([]);
    expect(second.skipped).toEqual([{ id: a, code: 'ALREADY_LIVE', reason: expect.any(String) }]);
    const after = dumpDatabase(db, { exclude: ['audit_log'] });
    const { audit_log: _a, ...againNoAudit } = again;
    expect(after).toEqual(againNoAudit);
  });

  it('leaves a note deleted on its own before the contact deleted after the restore', async () => {
    const { clock, db } = await setup();
    const [a] = insertContacts(db, 1);
    const note = db.prepare('SELECT id FROM notes WHERE contact_id = ? ORDER BY id LIMIT 1').pluck().get(a) as string;
    const { deletionId: noteDeletion } = deleteRelated(db, clock, 'note', note);
    const noteRow = db.prepare('SELECT * FROM notes WHERE id = ?').get(note);
    const before = dumpDatabase(db, { exclude: BOOKKEEPING_TABLES });

    clock.advance(5000);
    const { deletionId } = await t.call<{ deletionId: string }>('contacts.deleteOne', { id: a });
    expect(db.prepare('SELECT * FROM notes WHERE id = ?').get(note)).toEqual(noteRow); // keeps its own deletion
    expect(count(db, 'notes', 'contact_id = ? AND deletion_id = ?', a, deletionId)).toBe(2);
    const list = await t.call<{ rows: { related: { note: number } }[] }>('restore.list', {});
    expect(list.rows[0]!.related.note).toBe(2);

    await t.call('restore.contacts', { ids: [a] });
    expect(db.prepare('SELECT deleted_at, deletion_id FROM notes WHERE id = ?').get(note)).toEqual({
      deleted_at: clock() - 5000,
      deletion_id: noteDeletion,
    });
    expect(dumpDatabase(db, { exclude: BOOKKEEPING_TABLES })).toEqual(before);
  });

  it('reports a conflict with its field and still restores the others', async () => {
    const { db } = await setup();
    const [a, b, c] = insertContacts(db, 3);
    for (const id of [a, b, c]) await t.call('contacts.deleteOne', { id });
    const emailOfA = db.prepare('SELECT email FROM contacts WHERE id = ?').pluck().get(a) as string;
    const phoneOfB = db.prepare('SELECT phone FROM contacts WHERE id = ?').pluck().get(b) as string;
    // New live contacts took a's email (in other case) and b's phone (typed differently).
    await t.call('contacts.create', { firstName: 'New', email: emailOfA.toUpperCase() });
    await t.call('contacts.create', { firstName: 'Newer', phone: phoneOfB.replace('+1', '+1 ') });

    const preview = await t.call<{ contacts: { id: string }[]; conflicts: object[]; purged: string[] }>('restore.preview', { ids: [a, b, c] });
    expect(preview.contacts.map((x) => x.id)).toEqual([c]);
    expect(preview.conflicts).toEqual([
      { id: a, code: 'CONFLICT', reason: 'its email is now used by another contact' },
      { id: b, code: 'CONFLICT', reason: 'its phone number is now used by another contact' },
    ]);
    expect(preview.purged).toEqual([]);

    const unknown = '00000000-0000-4000-8000-000000000000';
    const result = await t.call('restore.contacts', { ids: [a, b, c, unknown] });
    expect(result).toEqual({
      restored: [c],
      skipped: [
        { id: a, code: 'CONFLICT', reason: 'its email is now used by another contact' },
        { id: b, code: 'CONFLICT', reason: 'its phone number is now used by another contact' },
        { id: unknown, code: 'NOT_FOUND', reason: expect.any(String) },
      ],
    });
    // The conflicting ones stay in the Restore tab, every row still deleted.
    for (const id of [a, b]) expect(lifecycleOf(db, id!).every((r) => r.deleted_at !== null)).toBe(true);
    expect(lifecycleOf(db, c!).every((r) => r.deleted_at === null)).toBe(true);
    expect((await t.call<{ total: number }>('restore.list', {})).total).toBe(2);
  });

  it('previews and restores two deleted contacts with the same email as one restored, one conflict', async () => {
    const { db } = await setup();
    const [a, b] = insertContacts(db, 2, { related: false });
    await t.call('contacts.deleteOne', { id: a });
    const email = db.prepare('SELECT email FROM contacts WHERE id = ?').pluck().get(a) as string;
    db.prepare('UPDATE contacts SET email = ? WHERE id = ?').run(email.toUpperCase(), b);
    await t.call('contacts.deleteOne', { id: b });
    const preview = await t.call<{ contacts: { id: string }[]; conflicts: object[] }>('restore.preview', { ids: [a, b] });
    expect(preview.contacts.map((c) => c.id)).toEqual([a]);
    expect(preview.conflicts).toEqual([{ id: b, code: 'CONFLICT', reason: 'its email is now used by another contact' }]);
    expect(await t.call('restore.contacts', { ids: [a, b] })).toEqual({
      restored: [a],
      skipped: [{ id: b, code: 'CONFLICT', reason: 'its email is now used by another contact' }],
    });
  });

  it('undoes a single deletion with restore.deletion', async () => {
    const { db } = await setup();
    const [a] = insertContacts(db, 1);
    const before = dumpDatabase(db, { exclude: BOOKKEEPING_TABLES });
    const { deletionId } = await t.call<{ deletionId: string }>('contacts.deleteOne', { id: a });
    expect(await t.call('restore.deletion', { deletionId })).toEqual({ restored: [a], skipped: [] });
    expect(dumpDatabase(db, { exclude: BOOKKEEPING_TABLES })).toEqual(before);
    expect(await t.call('restore.deletion', { deletionId })).toEqual({ restored: [], skipped: [] });
  });

  it('searches and pages the Restore tab, newest deletion first', async () => {
    const { clock, db } = await setup();
    const ids = insertContacts(db, 5, { related: false });
    for (const id of ids) {
      clock.advance(1000);
      await t.call('contacts.deleteOne', { id });
    }
    const page = await t.call<{ total: number; rows: { id: string }[] }>('restore.list', { limit: 2, offset: 1 });
    expect(page.total).toBe(5);
    expect(page.rows.map((r) => r.id)).toEqual([ids[3], ids[2]]);
    const last = db.prepare('SELECT last_name FROM contacts WHERE id = ?').pluck().get(ids[1]) as string;
    const found = await t.call<{ total: number; rows: { id: string }[] }>('restore.list', { query: last.toLowerCase() });
    expect(found.rows.map((r) => r.id)).toEqual([ids[1]]);
  });

  it('answers VALIDATION to bad input on every lifecycle channel and changes nothing', async () => {
    const { db } = await setup();
    insertContacts(db, 2);
    const before = dumpDatabase(db);
    const bad: [string, unknown][] = [
      ['contacts.delete', { ids: [] }],
      ['contacts.delete', { ids: ['not-an-id'] }],
      ['contacts.delete', { filter: { query: 'x'.repeat(201) } }],
      ['contacts.delete', { ids: ['00000000-0000-4000-8000-000000000000'], extra: 1 }],
      ['contacts.deletePreview', {}],
      ['contacts.deleteOne', { id: 42 }],
      ['restore.list', { limit: 0 }],
      ['restore.preview', { ids: 'x' }],
      ['restore.contacts', { ids: [] }],
      ['restore.deletion', { deletionId: 'nope' }],
      ['restore.purge', { ids: ['00000000-0000-4000-8000-000000000000'], confirm: 'delete' }],
      ['restore.purge', { ids: ['00000000-0000-4000-8000-000000000000'] }],
      ['lifecycle.purgeExpired', { now: 1 }],
      ['bulkActions.list', { status: 'done' }],
      ['bulkActions.get', { id: '' }],
      ['bulkActions.restore', {}],
      ['bulkActions.cancel', { id: null }],
      ['audit.list', { offset: -1 }],
    ];
    for (const [channel, input] of bad) {
      const env = await t.core.dispatcher.call(channel, input);
      expect(env.ok, channel).toBe(false);
      if (!env.ok) expect(env.error.code, `${channel} ${JSON.stringify(input)}`).toBe('VALIDATION');
    }
    expect(dumpDatabase(db)).toEqual(before);
  });

  it('answers NOT_FOUND for an unknown contact or deletion', async () => {
    await setup();
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [channel, input] of [
      ['contacts.deleteOne', { id }],
      ['contacts.delete', { ids: [id] }],
      ['restore.deletion', { deletionId: id }],
      ['bulkActions.get', { id }],
      ['bulkActions.restore', { id }],
    ] as const) {
      const env = await t.core.dispatcher.call(channel, input);
      expect(env.ok ? 'ok' : env.error.code, channel).toBe('NOT_FOUND');
    }
  });
});
