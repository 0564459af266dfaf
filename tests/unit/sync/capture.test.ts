// The capture path of team mode (electron/core/sync/captureTriggers.ts): triggers write every change to
// a synced table to the outbox in the change's own transaction; lifecycle changes travel as delete and
// restore messages, never as cells; pulled state applied with capture off writes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installCapture } from '../../../electron/core/sync/captureTriggers.ts';
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
  it('an insert sends every synced column as a cell, each with its own increasing HLC; no lifecycle or derived column', async () => {
    const c = await t.call<{ id: string }>('contacts.create', { firstName: 'Ann', email: 'ann@example.com' });
    const rows = outbox();
    expect(rows.every((r) => r.kind === 'cell' && r.tbl === 'contacts' && r.pk === c.id && r.contact_id === c.id)).toBe(
      true,
    );
    expect(rows.map((r) => r.col).sort()).toEqual(
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
    const hlcs = t.core.db.prepare('SELECT hlc FROM sync_outbox ORDER BY id').pluck().all() as string[];
    expect(new Set(hlcs).size).toBe(hlcs.length);
    expect([...hlcs].sort()).toEqual(hlcs);
    expect(hlcs[0]).toMatch(/^\d{13}-\d{5}-dev1$/);
  });

  it('an update sends only the changed columns; a delete and a restore travel as lifecycle messages', async () => {
    const c = await t.call<{ id: string }>('contacts.create', { firstName: 'Ann' });
    const n = await t.call<{ id: string }>('related.create', { kind: 'note', contactId: c.id, body: 'x' });
    t.core.db.prepare('DELETE FROM sync_outbox').run();
    await t.call('contacts.update', { id: c.id, firstName: 'Anna' });
    // (the fake clock stands still: updated_at does not change, so it is not sent)
    expect(outbox().map((r) => [r.kind, r.col, r.value])).toEqual([['cell', 'first_name', 'Anna']]);
    t.core.db.prepare('DELETE FROM sync_outbox').run();
    const { deletionId } = await t.call<{ deletionId: string }>('contacts.deleteOne', { id: c.id });
    const life = outbox().filter((r) => r.kind !== 'cell');
    expect(life.map((r) => [r.kind, r.tbl, r.pk, r.deletion_id]).sort()).toEqual(
      [
        ['delete', 'contacts', c.id, deletionId],
        ['delete', 'notes', n.id, deletionId],
      ].sort(),
    );
    // (deletions.deleted_at is the deletion's own time, a plain column; a row's lifecycle is never a cell)
    expect(outbox().some((r) => r.tbl !== 'deletions' && (r.col === 'deleted_at' || r.col === 'deletion_id'))).toBe(
      false,
    );
    // the deletion's own row travels as cells
    expect(outbox().some((r) => r.kind === 'cell' && r.tbl === 'deletions' && r.pk === deletionId)).toBe(true);
    t.core.db.prepare('DELETE FROM sync_outbox').run();
    await t.call('restore.deletion', { deletionId });
    expect(
      outbox()
        .filter((r) => r.kind === 'restore')
        .map((r) => [r.tbl, r.pk, r.deletion_id])
        .sort(),
    ).toEqual(
      [
        ['contacts', c.id, deletionId],
        ['notes', n.id, deletionId],
      ].sort(),
    );
    // per-row lifecycle messages are kept for the fold
    expect(t.core.db.prepare('SELECT count(*) FROM sync_life WHERE pk = ?').pluck().get(n.id)).toBe(2);
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
