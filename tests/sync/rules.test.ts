// One test per rule of docs/sync.md ("The rule for each lifecycle case"), on real replica cores (SQLite
// files) synced through a hub on loopback. Times are set by a shared fake clock, so the HLC order of the
// operations is the order the test makes them in; arrival order is set by who syncs when.
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../shared/domain.ts';
import { fakeClock } from '../helpers/core.ts';
import { dumpAllText, fileBytes, leaked } from '../helpers/privacy.ts';
import { useTeam } from './teamFixture.ts';
import { expectConverged, type Replica } from './replicas.ts';

// One hub (a real one, on embedded PostgreSQL) for the file, one clock that only moves forward (teamFixture.ts).
const { clock, hub, make, tick, syncAll } = useTeam();
const life = (r: Replica, table: string, id: string) => {
  const row = r.row(table, id);
  return row ? { deletionId: row.deletion_id, live: row.deleted_at === null } : undefined;
};

let made = 0;
/** A and B share contact C with note N. */
async function shared() {
  const a = await make('A');
  const b = await make('B');
  const c = await a.createContact({ firstName: 'Cy', email: `cy${++made}@example.com` });
  const n = await a.addNote(c.id, 'first');
  await syncAll(a, b);
  tick();
  return { a, b, c: c.id, n: n.id };
}

describe('the lifecycle across machines (docs/sync.md)', () => {
  it("A deletes C while B edits C's note: the edit applies to the deleted note; restoring brings it back edited", async () => {
    const { a, b, c, n } = await shared();
    const d = await a.deleteOne(c);
    tick();
    await b.call('related.update', { kind: 'note', id: n, body: 'edited on B' });
    await syncAll(a, b);
    for (const r of [a, b]) expect(r.row('notes', n)).toMatchObject({ body: 'edited on B', deletion_id: d });
    await a.call('restore.deletion', { deletionId: d });
    await syncAll(a, b);
    for (const r of [a, b])
      expect(r.row('notes', n)).toMatchObject({ body: 'edited on B', deleted_at: null, deletion_id: null });
    expectConverged(await hub().dump(), [a, b]);
  });

  it('B adds a note while A deletes the contact: the note is deleted with the contact everywhere, and comes back with it', async () => {
    const { a, b, c } = await shared();
    const d = await a.deleteOne(c);
    tick();
    const n2 = (await b.addNote(c, 'added on B meanwhile')).id;
    // arrival: B's note first, then A's delete
    await b.sync();
    await a.sync();
    await b.sync();
    for (const r of [a, b]) expect(life(r, 'notes', n2)).toEqual({ deletionId: d, live: false });
    expect(
      b.core.db.prepare('SELECT count(*) FROM notes WHERE contact_id = ? AND deleted_at IS NULL').pluck().get(c),
    ).toBe(0);
    await b.call('restore.deletion', { deletionId: d });
    await syncAll(a, b);
    for (const r of [a, b]) expect(life(r, 'notes', n2)).toEqual({ deletionId: null, live: true });
    expectConverged(await hub().dump(), [a, b]);
  });

  for (const arrival of ['B first', 'A first'] as const) {
    it(`a note deleted on its own before its contact stays deleted when the contact is restored (${arrival})`, async () => {
      const { a, b, c, n } = await shared();
      await b.call('related.delete', { kind: 'note', id: n });
      const d1 = b.row('notes', n)!.deletion_id;
      tick();
      const d2 = await a.deleteOne(c); // A has not seen D1: its deletion names N too
      const [first, second] = arrival === 'B first' ? [b, a] : [a, b];
      await first.sync();
      await second.sync();
      await first.sync();
      for (const r of [a, b]) expect(life(r, 'notes', n)).toEqual({ deletionId: d1, live: false });
      await a.call('restore.deletion', { deletionId: d2 });
      await syncAll(a, b);
      for (const r of [a, b]) {
        expect(life(r, 'contacts', c)).toEqual({ deletionId: null, live: true });
        expect(life(r, 'notes', n)).toEqual({ deletionId: d1, live: false });
      }
      expectConverged(await hub().dump(), [a, b]);
    });

    it(`a note deleted on its own after its contact's deletion (in HLC order) comes back with the contact (${arrival})`, async () => {
      const { a, b, c, n } = await shared();
      const d2 = await a.deleteOne(c);
      tick();
      await b.call('related.delete', { kind: 'note', id: n }); // B has not seen D2
      const [first, second] = arrival === 'B first' ? [b, a] : [a, b];
      await first.sync();
      await second.sync();
      await first.sync();
      for (const r of [a, b]) expect(life(r, 'notes', n)).toEqual({ deletionId: d2, live: false });
      await b.call('restore.deletion', { deletionId: d2 });
      await syncAll(a, b);
      for (const r of [a, b]) expect(life(r, 'notes', n)).toEqual({ deletionId: null, live: true });
      expectConverged(await hub().dump(), [a, b]);
    });
  }

  it('A restores D while B, who never saw D, deletes C again later: the later deletion stands', async () => {
    const { a, b, c } = await shared();
    const d = await a.deleteOne(c);
    tick();
    await a.call('restore.deletion', { deletionId: d });
    tick();
    const d3 = await b.deleteOne(c);
    await syncAll(a, b);
    for (const r of [a, b]) expect(life(r, 'contacts', c)).toEqual({ deletionId: d3, live: false });
    expectConverged(await hub().dump(), [a, b]);
  });

  it('two members restore the same deletion: the second finds it live, nothing changes twice', async () => {
    const { a, b, c, n } = await shared();
    const d = await a.deleteOne(c);
    await syncAll(a, b);
    tick();
    await a.call('restore.deletion', { deletionId: d });
    await b.call('restore.deletion', { deletionId: d });
    await syncAll(a, b);
    for (const r of [a, b]) {
      expect(life(r, 'contacts', c)).toEqual({ deletionId: null, live: true });
      expect(life(r, 'notes', n)).toEqual({ deletionId: null, live: true });
    }
    expectConverged(await hub().dump(), [a, b]);
  });

  it('a purge is final: a member offline for 90 days loses C on its next pull, and its late edits are dropped', async () => {
    const { a, b, c, n } = await shared();
    b.cut(); // B goes offline with C live, and edits C's note meanwhile
    await b.call('related.update', { kind: 'note', id: n, body: 'late edit' });
    await a.deleteOne(c);
    await a.sync();
    clock.advance(90 * DAY_MS);
    expect(await hub().runRetention()).toBeGreaterThanOrEqual(1); // C, and what earlier tests left deleted
    await a.sync();
    expect(a.row('contacts', c)).toBeUndefined();
    expect(a.row('notes', n)).toBeUndefined();
    b.cut(false);
    await b.sync();
    await a.sync();
    for (const r of [a, b]) {
      expect(r.row('contacts', c)).toBeUndefined();
      expect(r.row('notes', n)).toBeUndefined();
      expect(r.core.db.prepare('SELECT count(*) FROM purged_contacts WHERE contact_id = ?').pluck().get(c)).toBe(1);
      for (const t of ['sync_outbox', 'sync_cells', 'sync_life', 'sync_pending'])
        expect(
          r.core.db.prepare(`SELECT count(*) FROM ${t} WHERE contact_id = ?`).pluck().get(c),
          `${r.name} ${t}`,
        ).toBe(0);
    }
    expect(await hub().countMessages("contact_id = $1 AND kind <> 'purge'", [c])).toBe(0);
    // nothing of C is left in the tables (search index included), nor in the file and its WAL
    const email = a.row('contacts', c) === undefined ? String(made) : '';
    for (const r of [a, b]) {
      expect(leaked(dumpAllText(r.core.db), [`cy${email}@example.com`, 'late edit'])).toEqual([]);
      expect(leaked(fileBytes(r.dataDir), [`cy${email}@example.com`, 'late edit'])).toEqual([]);
    }
    expectConverged(await hub().dump(), [a, b]);
  });

  it('two members create contacts with one email offline: both stay live, the later one is marked needs review on every machine', async () => {
    const a = await make('A');
    const b = await make('B');
    const first = await a.createContact({ firstName: 'First', email: 'same@example.com' });
    tick();
    const second = await b.createContact({ firstName: 'Second', email: 'SAME@example.com', phone: '+1 555 010 0101' });
    await syncAll(b, a);
    for (const r of [a, b]) {
      expect(r.row('contacts', first.id)).toMatchObject({ deleted_at: null, review_of: null });
      expect(r.row('contacts', second.id)).toMatchObject({ deleted_at: null, review_of: first.id });
    }
    // resolved by editing one of them: the mark goes everywhere
    tick();
    await b.call('contacts.update', { id: second.id, email: 'other@example.com' });
    await syncAll(a, b);
    for (const r of [a, b])
      expect(r.row('contacts', second.id)).toMatchObject({ review_of: null, email: 'other@example.com' });
    expectConverged(await hub().dump(), [a, b]);
  });

  it("a bulk delete made by A shows in B's Bulk Actions, and B can restore it", async () => {
    const a = await make('A');
    const b = await make('B');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await a.createContact({ firstName: `P${i}`, email: `p${i}@example.com` })).id);
    await a.addNote(ids[0]!, 'note');
    await syncAll(a, b);
    tick();
    const actionId = await a.bulkDelete(ids);
    await syncAll(a, b);
    const seen = await b.call<{ status: string; processed: number; total: number }>('bulkActions.get', {
      id: actionId,
    });
    expect(seen).toMatchObject({ status: 'complete', processed: 5, total: 5 });
    const liveOf = (r: Replica) =>
      r.core.db
        .prepare('SELECT count(*) FROM contacts WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))')
        .pluck()
        .get(JSON.stringify(ids));
    expect(liveOf(b)).toBe(0);
    // B's runner never runs A's action
    expect(b.core.db.prepare('SELECT count(*) FROM sync_remote_actions WHERE id = ?').pluck().get(actionId)).toBe(1);
    tick();
    await b.call('bulkActions.restore', { id: actionId });
    await b.runBulk();
    await syncAll(b, a);
    for (const r of [a, b]) expect(liveOf(r)).toBe(5);
    expectConverged(await hub().dump(), [a, b]);
  });

  it("a member's clock far ahead is refused at push and does not purge; retention follows the hub only", async () => {
    const own = fakeClock(clock());
    const a = await make('A', { now: own });
    const c = await a.createContact({ firstName: 'Del' });
    await a.deleteOne(c.id);
    await a.sync();
    // A's clock jumps a year ahead: no local purge in team mode, and its next change is refused by the hub
    own.advance(365 * DAY_MS);
    await a.call('lifecycle.purgeExpired', {});
    expect(a.row('contacts', c.id)).toBeDefined();
    expect(await hub().runRetention()).toBe(0); // the hub's clock has not moved
    await a.createContact({ firstName: 'From the future' });
    await expect(a.sync()).rejects.toThrow(/clock/i);
    const status = await a.call<{ state: string; error?: string; pendingChanges: number }>('team.status', {});
    expect(status.state).toBe('error');
    expect(status.pendingChanges).toBeGreaterThan(0);
    expect(await hub().countMessages("body->>'value' = 'From the future'")).toBe(0);
  });

  it('joining with a database that holds contacts uploads them and reports duplicates, never merging', async () => {
    const a = await make('A');
    const team = await a.createContact({ firstName: 'Team', email: 'dup@example.com' });
    await a.sync();
    tick();
    const b = await make('B', { join: false });
    const mine = await b.createContact({ firstName: 'Mine', email: 'dup@example.com' });
    await b.createContact({ firstName: 'Only mine' });
    const joined = await b.join();
    expect(joined.uploaded).toBe(2);
    expect(joined.duplicates).toEqual([{ id: mine.id, clashesWith: team.id }]);
    await a.sync();
    const ids = (r: Replica) => r.core.db.prepare('SELECT id FROM contacts ORDER BY id').pluck().all();
    expect(ids(a)).toEqual(ids(b));
    expect(ids(a)).toContain(mine.id);
    expect(a.row('contacts', mine.id)).toMatchObject({ review_of: team.id });
    expectConverged(await hub().dump(), [a, b]);
  });

  it('a batch pushed twice (a lost answer) is stored once', async () => {
    const a = await make('A');
    await a.createContact({ firstName: 'Once' });
    const before = await hub().countMessages('true');
    const { nextBatch } = await import('../../electron/core/sync/outbox.ts');
    const batch = nextBatch(a.core.db)!;
    const again = nextBatch(a.core.db)!;
    expect(again.batchId).toBe(batch.batchId); // not acknowledged: the same batch again
    await a.sync();
    await a.sync();
    expect((await hub().countMessages('true')) - before).toBe(batch.messages.length);
  });

  it('leaving keeps the data as a solo database and stops capturing', async () => {
    const a = await make('A');
    const c = await a.createContact({ firstName: 'Kept' });
    await a.sync();
    expect(await a.call('team.leave', {})).toEqual({ left: true, unsentChanges: 0 });
    expect(a.row('contacts', c.id)).toBeDefined();
    await a.createContact({ firstName: 'Solo again' });
    expect(a.core.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(0);
    expect(await a.call('team.status', {})).toBeNull();
  });

  it("a viewer's change is refused: dropped here, and the row comes back as the hub holds it", async () => {
    const a = await make('A');
    const c = await a.createContact({ firstName: 'Original' });
    await a.sync();
    const v = await make('V', { role: 'viewer' });
    expect(v.row('contacts', c.id)).toMatchObject({ first_name: 'Original' });
    // The viewer's own core refuses it up front (sync/roleGuard.ts); a modified client writes it anyway.
    const refused = await v.core.dispatcher.call('contacts.update', { id: c.id, firstName: 'Changed by a viewer' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    v.core.db.prepare('UPDATE contacts SET first_name = ? WHERE id = ?').run('Changed by a viewer', c.id);
    expect(v.row('contacts', c.id)).toMatchObject({ first_name: 'Changed by a viewer' });
    await v.sync();
    expect(v.row('contacts', c.id)).toMatchObject({ first_name: 'Original' });
    const status = await v.call<{ error?: string; refused?: string; pendingChanges: number }>('team.status', {});
    expect(status.pendingChanges).toBe(0);
    expect(status.error).toMatch(/refused/);
    expect(status.refused).toMatch(/^\d+ change\(s\) refused by the hub: /); // the Restore tab shows it
    expectConverged(await hub().dump(), [a, v]);
  });
});
