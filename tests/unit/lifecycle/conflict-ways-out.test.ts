import { afterEach, describe, expect, it } from 'vitest';
import type { RestoreConflict } from '../../../shared/domain.ts';
import { dumpDatabase, testCore } from '../../helpers/core.ts';
import { count, insertContacts, OWNED } from '../../helpers/fixtures.ts';

// Issue 16 item 4: the ways out of a restore conflict, each previewed, exact, recorded and undoable.

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(async () => t?.cleanup());

/**
 * C (20 related rows, one note of which was deleted on its own before) deleted by D; then a live
 * contact H took C's email. Returns the ids, C's email, and the database as it is then.
 */
async function conflicted() {
  t = await testCore();
  await t.call('settings.update', { profileName: 'Ann' });
  const db = t.core.db;
  const [c] = insertContacts(db, 1);
  const ownNote = db.prepare('SELECT id FROM notes WHERE contact_id = ? LIMIT 1').pluck().get(c) as string;
  await t.call('related.delete', { kind: 'note', id: ownNote });
  const { deletionId } = await t.call<{ deletionId: string }>('contacts.deleteOne', { id: c });
  const email = db.prepare('SELECT email FROM contacts WHERE id = ?').pluck().get(c) as string;
  const h = await t.call<{ id: string }>('contacts.create', { firstName: 'Holly', lastName: 'Holder', email: email.toUpperCase() });
  const [other] = insertContacts(db, 1, { prefix: 'other', related: false });
  return { db, c: c!, h: h.id, other: other!, email, ownNote, deletionId };
}

const ledger = ['audit_log'];
const liveRowsOf = (db: T['core']['db'], contactId: string) =>
  OWNED.reduce((n, table) => n + count(db, table, 'contact_id = ? AND deleted_at IS NULL', contactId), 0);

describe('restore.conflict', () => {
  it('names the live contact that holds the email and previews both ways out, changing nothing', async () => {
    const { db, c, h, email } = await conflicted();
    const before = dumpDatabase(db);
    const conflict = await t.call<RestoreConflict>('restore.conflict', { id: c });
    const related = { conversation: 2, message: 6, note: 2, opportunity: 2, task: 3, appointment: 2, manualAction: 2 };
    expect(conflict).toMatchObject({
      id: c,
      clashes: [{ field: 'email', value: email, holder: { id: h, name: 'Holly Holder' } }],
      withoutField: { fields: ['email'], related },
      merge: [{ into: { id: h, name: 'Holly Holder' }, related }],
    });
    expect(conflict.withoutField.note).toContain(`Email: ${email}`);
    expect(conflict.withoutField.note).not.toContain('Holly');
    expect(dumpDatabase(db)).toEqual(before);
    // The Restore tab's preview says the same contact is a conflict.
    const preview = await t.call<{ conflicts: { id: string }[] }>('restore.preview', { ids: [c] });
    expect(preview.conflicts.map((x) => x.id)).toEqual([c]);
  });

  it('answers a contact without a clash, and a purged one, with what to do instead', async () => {
    const { c, h } = await conflicted();
    await t.call('contacts.deleteOne', { id: h });
    const free = await t.core.dispatcher.call('restore.conflict', { id: c });
    expect(free).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'No live contact holds its email or phone any more: restore it as usual.' } });
    await t.call('restore.purge', { ids: [c], confirm: 'DELETE' });
    expect(await t.core.dispatcher.call('restore.conflict', { id: c })).toMatchObject({ ok: false, error: { code: 'PURGED' } });
  });
});

describe('restore.withoutField', () => {
  it('brings back exactly what the deletion took, without the email, kept in a note; its undo puts everything back as it was', async () => {
    const { db, c, email, ownNote, deletionId } = await conflicted();
    const before = dumpDatabase(db, { exclude: ledger });
    const phone = db.prepare('SELECT phone FROM contacts WHERE id = ?').pluck().get(c);

    const r = await t.call<{ contactId: string; removed: string[]; noteId: string; undoId: string }>('restore.withoutField', { id: c });
    expect(r).toMatchObject({ contactId: c, removed: ['email'] });
    expect(db.prepare('SELECT email, phone, deleted_at, deletion_id FROM contacts WHERE id = ?').get(c)).toEqual({
      email: null,
      phone,
      deleted_at: null,
      deletion_id: null,
    });
    // Every row D took is back (19 + the new note); the note deleted on its own before stays deleted.
    expect(liveRowsOf(db, c)).toBe(20);
    expect(count(db, 'notes', 'id = ? AND deleted_at IS NOT NULL AND deletion_id <> ?', ownNote, deletionId)).toBe(1);
    for (const table of OWNED) expect(count(db, table, 'deletion_id = ?', deletionId), table).toBe(0);
    const note = db.prepare('SELECT body FROM notes WHERE id = ?').pluck().get(r.noteId) as string;
    expect(note).toMatch(/^Restored from the Restore tab on \d{4}-\d\d-\d\d without its email: another contact uses it now\. Kept here:\nEmail: /);
    expect(note).toContain(`Email: ${email}`);
    // Recorded, with ids only.
    const audit = db.prepare('SELECT action, target_id, count, details FROM audit_log WHERE id = ?').get(r.undoId) as { details: string };
    expect(audit).toMatchObject({ action: 'restore', target_id: c, count: 1 });
    expect(audit.details).not.toContain(email);
    // Found by its name again, not by the email it no longer has.
    expect((await t.call<{ total: number }>('contacts.list', { query: email })).total).toBe(1);

    expect(await t.call('restore.undoWayOut', { undoId: r.undoId })).toEqual({ undone: 'without_field' });
    expect(dumpDatabase(db, { exclude: ledger })).toEqual(before);
    expect(count(db, 'audit_log', "action = 'undo' AND target_id = ?", c)).toBe(1);
    // Once only.
    expect(await t.core.dispatcher.call('restore.undoWayOut', { undoId: r.undoId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'This cannot be undone: it was undone already.' },
    });
  });

  it('refuses an undo that would not be exact, saying why', async () => {
    const { c } = await conflicted();
    const r = await t.call<{ undoId: string }>('restore.withoutField', { id: c });
    await t.call('contacts.update', { id: c, email: 'new@example.com' });
    expect(await t.core.dispatcher.call('restore.undoWayOut', { undoId: r.undoId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'This cannot be undone: it was given a new email since.' },
    });
  });
});

describe('restore.mergeInto', () => {
  it("moves the deleted contact's records into the live holder, leaves it deleted, and its undo moves them back exactly", async () => {
    const { db, c, h, other, ownNote, deletionId } = await conflicted();
    const before = dumpDatabase(db, { exclude: ledger });

    const refused = await t.core.dispatcher.call('restore.mergeInto', { id: c, into: other });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    const r = await t.call<{ into: string; moved: Record<string, number>; undoId: string }>('restore.mergeInto', { id: c, into: h });
    expect(r.moved).toEqual({ conversation: 2, message: 6, note: 2, opportunity: 2, task: 3, appointment: 2, manualAction: 2 });
    expect(liveRowsOf(db, h)).toBe(19);
    expect(db.prepare('SELECT deletion_id FROM contacts WHERE id = ?').pluck().get(c)).toBe(deletionId);
    for (const table of OWNED) expect(count(db, table, 'contact_id = ? AND deletion_id = ?', c, deletionId), table).toBe(0);
    // The note deleted on its own stays with C, deleted.
    expect(db.prepare('SELECT contact_id FROM notes WHERE id = ?').pluck().get(ownNote)).toBe(c);
    expect(db.prepare('SELECT action, count FROM audit_log WHERE id = ?').get(r.undoId)).toEqual({ action: 'merge', count: 19 });
    // The contact still waits in the Restore tab, with nothing of its own left to bring back.
    const preview = await t.call<{ conflicts: unknown[] }>('restore.preview', { ids: [c] });
    expect(preview.conflicts).toHaveLength(1);

    expect(await t.call('restore.undoWayOut', { undoId: r.undoId })).toEqual({ undone: 'merge' });
    expect(dumpDatabase(db, { exclude: ledger })).toEqual(before);
  });

  it('refuses to undo a merge once a merged record was deleted from the holder', async () => {
    const { db, c, h } = await conflicted();
    const r = await t.call<{ undoId: string }>('restore.mergeInto', { id: c, into: h });
    const task = db.prepare('SELECT id FROM tasks WHERE contact_id = ? LIMIT 1').pluck().get(h) as string;
    await t.call('related.delete', { kind: 'task', id: task });
    expect(await t.core.dispatcher.call('restore.undoWayOut', { undoId: r.undoId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'This cannot be undone: some of the merged records were deleted or moved since.' },
    });
  });
});

describe('a phone number held by another contact', () => {
  it('restores without the phone (and its digits), and the undo gives back the same number, digits included', async () => {
    t = await testCore();
    const db = t.core.db;
    const c = await t.call<{ id: string }>('contacts.create', { firstName: 'Pat', lastName: 'Phone', phone: '+44 20 7946 0958' });
    await t.call('related.create', { kind: 'note', contactId: c.id, body: 'Calls after six.' });
    await t.call('contacts.deleteOne', { id: c.id });
    const h = await t.call<{ id: string }>('contacts.create', { firstName: 'Hal', lastName: 'Holder', phone: '+442079460958' });
    const before = dumpDatabase(db, { exclude: ledger });

    const conflict = await t.call<RestoreConflict>('restore.conflict', { id: c.id });
    expect(conflict.clashes).toEqual([{ field: 'phone', value: '+44 20 7946 0958', holder: { id: h.id, name: 'Hal Holder' } }]);
    const r = await t.call<{ undoId: string; removed: string[] }>('restore.withoutField', { id: c.id });
    expect(r.removed).toEqual(['phone']);
    expect(db.prepare('SELECT phone, phone_digits, deleted_at FROM contacts WHERE id = ?').get(c.id)).toEqual({
      phone: null,
      phone_digits: null,
      deleted_at: null,
    });
    expect(liveRowsOf(db, c.id)).toBe(2); // its note, and the note keeping the number
    await t.call('restore.undoWayOut', { undoId: r.undoId });
    expect(dumpDatabase(db, { exclude: ledger })).toEqual(before);
  });
});
