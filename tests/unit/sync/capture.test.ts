// The capture path of team mode (electron/core/sync/captureTriggers.ts): triggers write every change to
// a synced table to the outbox in the change's own transaction; lifecycle changes travel as delete and
// restore messages, never as cells; pulled state applied with capture off writes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureExistingRows, installCapture } from '../../../electron/core/sync/captureTriggers.ts';
import { loadClock, whileApplying } from '../../../electron/core/sync/syncClock.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';

let t: Awaited<ReturnType<typeof testCore>>;
beforeEach(async () => {
  t = await testCore({ now: fakeClock() });
  // a database that belongs to a team (as team.join leaves it), without a hub
  t.core.db
    .prepare(
      "INSERT INTO sync_state (id, hub_url, workspace_id, member_id, member_name, device_id, device_token, role, joined_at) VALUES (1, 'http://127.0.0.1:1', 'w', 'm', 'M', 'dev1', 't', 'owner', 0)",
    )
    .run();
  loadClock(t.core.db);
  installCapture(t.core.db);
});
afterEach(() => t.cleanup());

const outbox = () =>
  t.core.db.prepare('SELECT kind, tbl, pk, contact_id, col, value, deletion_id FROM sync_outbox ORDER BY id').all() as {
    kind: string;
    tbl: string;
    pk: string;
    contact_id: string | null;
    col: string | null;
    value: unknown;
    deletion_id: string | null;
  }[];

describe('capture', () => {
  it('an insert sends ONE row message holding every synced column; no lifecycle or derived column', async () => {
    const c = await t.call<{ id: string }>('contacts.create', { firstName: 'Ann', email: 'ann@example.com' });
    const rows = t.core.db.prepare('SELECT kind, tbl, pk, contact_id, col, value, vals, hlc FROM sync_outbox ORDER BY id').all() as {
      kind: string;
      tbl: string;
      pk: string;
      contact_id: string;
      col: string | null;
      value: unknown;
      vals: string;
      hlc: string;
    }[];
    expect(rows.map((r) => [r.kind, r.tbl, r.pk, r.contact_id, r.col, r.value])).toEqual([
      ['row', 'contacts', c.id, c.id, null, null],
    ]);
    const values = JSON.parse(rows[0]!.vals) as Record<string, unknown>;
    expect(Object.keys(values).sort()).toEqual(
      [
        'company',
        'created_at',
        'email',
        'first_name',
        'id',
        'last_name',
        'phone',
        'phone_digits',
        'source',
        'tags',
        'updated_at',
      ].sort(),
    );
    expect(values).toMatchObject({ id: c.id, first_name: 'Ann', email: 'ann@example.com' });
    expect(rows[0]!.hlc).toMatch(/^\d{13}-\d{5}-dev1$/);
    // its time is kept once for the row, not once per column
    expect(t.core.db.prepare('SELECT tbl, pk, hlc FROM sync_rows').all()).toEqual([{ tbl: 'contacts', pk: c.id, hlc: rows[0]!.hlc }]);
    expect(t.core.db.prepare('SELECT count(*) FROM sync_cells').pluck().get()).toBe(0);
  });

  it('an update sends only the changed columns; a contact\'s delete and restore travel once, not per related row', async () => {
    const c = await t.call<{ id: string }>('contacts.create', { firstName: 'Ann' });
    const n = await t.call<{ id: string }>('related.create', { kind: 'note', contactId: c.id, body: 'x' });
    const task = await t.call<{ id: string }>('related.create', { kind: 'task', contactId: c.id, title: 't' });
    t.core.db.prepare('DELETE FROM sync_outbox').run();
    await t.call('contacts.update', { id: c.id, firstName: 'Anna' });
    // (the fake clock stands still: updated_at does not change, so it is not sent)
    expect(outbox().map((r) => [r.kind, r.col, r.value])).toEqual([['cell', 'first_name', 'Anna']]);
    t.core.db.prepare('DELETE FROM sync_outbox').run();
    const { deletionId } = await t.call<{ deletionId: string }>('contacts.deleteOne', { id: c.id });
    expect(t.core.db.prepare('SELECT deletion_id FROM notes WHERE id = ?').pluck().get(n.id)).toBe(deletionId);
    const life = outbox().filter((r) => r.kind === 'delete' || r.kind === 'restore');
    expect(life.map((r) => [r.kind, r.tbl, r.pk, r.deletion_id])).toEqual([['delete', 'contacts', c.id, deletionId]]);
    // (deletions.deleted_at is the deletion's own time, a plain column; a row's lifecycle is never a cell)
    expect(outbox().some((r) => r.tbl !== 'deletions' && (r.col === 'deleted_at' || r.col === 'deletion_id'))).toBe(
      false,
    );
    // the deletion's own row travels as a row message
    expect(outbox().some((r) => r.kind === 'row' && r.tbl === 'deletions' && r.pk === deletionId)).toBe(true);
    t.core.db.prepare('DELETE FROM sync_outbox').run();
    await t.call('restore.deletion', { deletionId });
    expect(t.core.db.prepare('SELECT deletion_id FROM notes WHERE id = ?').pluck().get(n.id)).toBeNull();
    expect(
      outbox()
        .filter((r) => r.kind === 'restore' || r.kind === 'delete')
        .map((r) => [r.kind, r.tbl, r.pk, r.deletion_id]),
    ).toEqual([['restore', 'contacts', c.id, deletionId]]);
    // the related rows keep no lifecycle message of their own: they follow their contact's in the fold
    expect(t.core.db.prepare('SELECT count(*) FROM sync_life WHERE pk IN (?, ?)').pluck().get(n.id, task.id)).toBe(0);
    expect(t.core.db.prepare('SELECT count(*) FROM sync_life WHERE pk = ?').pluck().get(c.id)).toBe(2);
  });

  it("a record's own deletion and its restore still travel per row", async () => {
    const c = await t.call<{ id: string }>('contacts.create', { firstName: 'Ann' });
    const n = await t.call<{ id: string }>('related.create', { kind: 'note', contactId: c.id, body: 'x' });
    t.core.db.prepare('DELETE FROM sync_outbox').run();
    await t.call('related.delete', { kind: 'note', id: n.id });
    const deletionId = t.core.db.prepare('SELECT deletion_id FROM notes WHERE id = ?').pluck().get(n.id) as string;
    expect(
      outbox()
        .filter((r) => r.kind === 'delete')
        .map((r) => [r.tbl, r.pk, r.contact_id, r.deletion_id]),
    ).toEqual([['notes', n.id, c.id, deletionId]]);
    t.core.db.prepare('DELETE FROM sync_outbox').run();
    await t.call('restore.deletion', { deletionId });
    expect(
      outbox()
        .filter((r) => r.kind === 'restore')
        .map((r) => [r.tbl, r.pk, r.deletion_id]),
    ).toEqual([['notes', n.id, deletionId]]);
  });

  it('a related row moved to another contact is sent whole, as a row message naming its new contact', async () => {
    const c1 = await t.call<{ id: string }>('contacts.create', { firstName: 'Ann' });
    const c2 = await t.call<{ id: string }>('contacts.create', { firstName: 'Bo' });
    const n = await t.call<{ id: string }>('related.create', { kind: 'note', contactId: c1.id, body: 'x' });
    t.core.db.prepare('DELETE FROM sync_outbox').run();
    t.core.db.prepare('UPDATE notes SET contact_id = ? WHERE id = ?').run(c2.id, n.id);
    const rows = t.core.db.prepare('SELECT kind, tbl, pk, contact_id, vals FROM sync_outbox').all() as { vals: string }[];
    expect(rows.map((r) => ({ ...r, vals: JSON.parse(r.vals) as unknown }))).toEqual([
      { kind: 'row', tbl: 'notes', pk: n.id, contact_id: c2.id, vals: expect.objectContaining({ id: n.id, contact_id: c2.id, body: 'x' }) },
    ]);
  });

  it("a join's upload is one row message per row, then a record's own deletion, then the contacts' deletions", async () => {
    const c = await t.call<{ id: string }>('contacts.create', { firstName: 'Ann' });
    const n1 = await t.call<{ id: string }>('related.create', { kind: 'note', contactId: c.id, body: 'own' });
    const n2 = await t.call<{ id: string }>('related.create', { kind: 'note', contactId: c.id, body: 'with contact' });
    await t.call('related.delete', { kind: 'note', id: n1.id });
    const own = { deletionId: t.core.db.prepare('SELECT deletion_id FROM notes WHERE id = ?').pluck().get(n1.id) as string };
    const d = await t.call<{ deletionId: string }>('contacts.deleteOne', { id: c.id });
    t.core.db.prepare('DELETE FROM sync_outbox').run();
    captureExistingRows(t.core.db);
    const rows = outbox();
    const rowMessages = rows.filter((r) => r.kind === 'row' && r.tbl !== 'audit_log');
    const tables = ['deletions', 'deletions', 'contacts', 'notes', 'notes'];
    expect(rowMessages.map((r) => r.tbl)).toEqual(tables);
    expect(rows.filter((r) => r.kind !== 'row').map((r) => [r.kind, r.tbl, r.pk, r.deletion_id])).toEqual([
      ['delete', 'notes', n1.id, own.deletionId],
      ['delete', 'contacts', c.id, d.deletionId],
    ]);
    const audit = t.core.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    expect(rows.length).toBe(tables.length + audit + 2);
    void n2;
  });

  it('a change rolled back leaves no message; pulled state applied with capture off leaves none either', async () => {
    const c = await t.call<{ id: string }>('contacts.create', { firstName: 'Ann' });
    t.core.db.prepare('DELETE FROM sync_outbox').run();
    expect(() =>
      t.core.db.transaction(() => {
        t.core.db.prepare('UPDATE contacts SET first_name = ? WHERE id = ?').run('Rolled back', c.id);
        throw new Error('boom');
      })(),
    ).toThrow('boom');
    expect(outbox()).toEqual([]);
    whileApplying(t.core.db, () =>
      t.core.db.prepare('UPDATE contacts SET first_name = ? WHERE id = ?').run('Pulled', c.id),
    );
    expect(outbox()).toEqual([]);
  });
});
