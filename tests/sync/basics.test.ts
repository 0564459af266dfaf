// Team mode end to end on the replica side: join, capture, push, pull, apply, with a hub on loopback.
import { describe, expect, it } from 'vitest';
import { useTeam } from './teamFixture.ts';
import { expectConverged } from './replicas.ts';

// One hub (a real one, on embedded PostgreSQL) for the file, one clock that only moves forward (teamFixture.ts).
const { hub, make } = useTeam();

describe('team mode: capture, push, pull', () => {
  it('a contact and its note made on A reach B, and all three dumps agree', async () => {
    const a = await make('A');
    const b = await make('B');
    const c = await a.createContact({ firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com', tags: ['vip'] });
    const n = await a.addNote(c.id, 'Called');
    // one row message per insert (docs/sync.md, "Row messages")
    expect(a.core.db.prepare('SELECT kind, tbl FROM sync_outbox ORDER BY id').all()).toEqual([
      { kind: 'row', tbl: 'contacts' },
      { kind: 'row', tbl: 'notes' },
    ]);
    await a.sync();
    expect(a.core.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(0);
    await b.sync();
    expect(b.row('contacts', c.id)).toMatchObject({ first_name: 'Ann', email: 'ann@example.com', deleted_at: null });
    expect(b.row('notes', n.id)).toMatchObject({ body: 'Called', contact_id: c.id });
    expect(b.core.db.prepare('SELECT tag FROM contact_tags WHERE contact_id = ?').pluck().all(c.id)).toEqual(['vip']);
    // B applied without capturing: nothing of A's comes back out of B
    expect(b.core.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(0);
    await a.sync();
    expectConverged(await hub().dump(), [a, b]);
    const status = await b.call<{ state: string; pendingChanges: number }>('team.status', {});
    expect(status).toMatchObject({ state: 'synced', pendingChanges: 0 });
  });

  it('a solo database captures nothing and has no triggers', async () => {
    const s = await make('Solo', { join: false });
    await s.createContact({ firstName: 'Zed' });
    expect(
      s.core.db
        .prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'sync_capture_%'")
        .pluck()
        .get(),
    ).toBe(0);
    expect(s.core.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(0);
    expect(await s.call('team.status', {})).toBeNull();
  });
});
