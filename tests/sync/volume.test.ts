// The volume rules of docs/sync.md ("Volume: row messages, and a contact's deletion as one message"), on
// real replica cores synced through a real hub: an insert is one row message and a later cell of one
// column overrides that column only; a contact's deletion and restore travel once and cascade onto its
// related rows on every machine, in either order of arrival; the restore flows that move related rows
// between contacts (restore without a field, merge into a live contact, and their undo) converge.
import { describe, expect, it } from 'vitest';
import { materialize, type Dump } from '../../shared/sync/dump.ts';
import type { SyncMessage } from '../../shared/sync/protocol.ts';
import { useTeam } from './teamFixture.ts';
import { expectConverged, type Replica } from './replicas.ts';

// One hub (a real one, on embedded PostgreSQL) for the file, one clock that only moves forward (teamFixture.ts).
const { hub, make, tick, syncAll, closeAll } = useTeam();
const life = (r: Replica, table: string, id: string) => {
  const row = r.row(table, id);
  return row ? { contactId: row.contact_id, deletionId: row.deletion_id, live: row.deleted_at === null } : undefined;
};
/**
 * The oracle: materialize() of every message the hub stores (docs/sync.md, "The oracle"). The merge
 * flows are compared with it as well as with the hub's own state: they move related rows between
 * contacts, and each side must fold a row under the contact its contact_id names now.
 */
async function oracle(): Promise<Dump> {
  const r = await hub().hub.hub.db.query<{ body: SyncMessage }>('SELECT body FROM messages ORDER BY seq');
  return materialize(r.rows.map((x) => x.body));
}
/** Messages the hub stores about these rows, by kind and table. */
const hubMessages = (where: string, params: unknown[]) => hub().countMessages(where, params);

let made = 0;
/** A and B share contact C with a note and a task. */
async function shared() {
  const a = await make('A');
  const b = await make('B');
  const c = (await a.createContact({ firstName: 'Cy', email: `vol${++made}@example.com` })).id;
  const n = (await a.addNote(c, 'first')).id;
  const task = (await a.call<{ id: string }>('related.create', { kind: 'task', contactId: c, title: 'call' })).id;
  await syncAll(a, b);
  tick();
  return { a, b, c, n, task };
}

describe('volume: row messages and a contact deletion sent once (docs/sync.md)', () => {
  it('an insert is one row message; a later cell of one column wins that column only, in either order of arrival', async () => {
    const { a, b, c } = await shared();
    expect(await hubMessages("pk = $1 AND kind = 'row'", [c])).toBe(1);
    expect(await hubMessages("pk = $1 AND kind = 'cell'", [c])).toBe(0);
    // A edits the first name offline, B edits it later (newer HLC) and also the company; B's arrive first
    await a.call('contacts.update', { id: c, firstName: 'Older' });
    tick();
    await b.call('contacts.update', { id: c, firstName: 'Newer', company: 'Acme' });
    await b.sync();
    await a.sync();
    await b.sync();
    for (const r of [a, b]) expect(r.row('contacts', c)).toMatchObject({ first_name: 'Newer', company: 'Acme', email: `vol${made}@example.com` });
    // a new member gets the row message, then the cells, and agrees
    const late = await make('Late');
    expect(late.row('contacts', c)).toMatchObject({ first_name: 'Newer', company: 'Acme' });
    // the replica keeps one time per row and one per column written after it
    expect(late.core.db.prepare('SELECT count(*) FROM sync_rows WHERE pk = ?').pluck().get(c)).toBe(1);
    expect(late.core.db.prepare('SELECT col FROM sync_cells WHERE pk = ? ORDER BY col').pluck().all(c)).toEqual(['company', 'first_name', 'updated_at']);
    expectConverged(await hub().dump(), [a, b, late]);
  });

  it("a bulk delete sends one delete per contact and none per related row; B's rows follow, and B's restore brings them back", async () => {
    const { a, b, c, n, task } = await shared();
    const c2 = (await a.createContact({ firstName: 'Di' })).id;
    const n2 = (await a.addNote(c2, 'second')).id;
    await syncAll(a, b);
    tick();
    const action = await a.bulkDelete([c, c2]);
    const d1 = a.row('contacts', c)!.deletion_id as string;
    await syncAll(a, b);
    expect(await hubMessages("kind = 'delete' AND tbl = 'contacts' AND pk IN ($1, $2)", [c, c2])).toBe(2);
    expect(await hubMessages("kind IN ('delete', 'restore') AND tbl <> 'contacts' AND contact_id IN ($1, $2)", [c, c2])).toBe(0);
    for (const r of [a, b]) {
      expect(life(r, 'notes', n)).toEqual({ contactId: c, deletionId: d1, live: false });
      expect(life(r, 'tasks', task)).toEqual({ contactId: c, deletionId: d1, live: false });
      expect(life(r, 'notes', n2)?.live).toBe(false);
    }
    expectConverged(await hub().dump(), [a, b]);
    tick();
    await b.call('bulkActions.restore', { id: action });
    await b.runBulk();
    await syncAll(a, b);
    expect(await hubMessages("kind IN ('delete', 'restore') AND tbl <> 'contacts' AND contact_id IN ($1, $2)", [c, c2])).toBe(0);
    for (const r of [a, b]) for (const [t, id] of [['notes', n], ['tasks', task], ['notes', n2]] as const) expect(life(r, t, id)?.live).toBe(true);
    expectConverged(await hub().dump(), [a, b]);
  });

  it('a record deleted on its own before, and a note added on another machine meanwhile, in either order of arrival', async () => {
    for (const bFirst of [true, false]) {
      const { a, b, c, n, task } = await shared();
      await b.call('related.delete', { kind: 'task', id: task }); // on its own, earlier in HLC order
      const own = b.row('tasks', task)!.deletion_id as string;
      tick();
      const d = await a.deleteOne(c);
      tick();
      const added = (await b.addNote(c, 'added on B meanwhile')).id;
      const order = bFirst ? [b, a, b, a] : [a, b, a, b];
      for (const r of order) await r.sync();
      for (const r of [a, b]) {
        expect(life(r, 'notes', n)).toEqual({ contactId: c, deletionId: d, live: false });
        expect(life(r, 'tasks', task)).toEqual({ contactId: c, deletionId: own, live: false });
        expect(life(r, 'notes', added)).toEqual({ contactId: c, deletionId: d, live: false });
      }
      expectConverged(await hub().dump(), [a, b]);
      tick();
      await b.call('restore.deletion', { deletionId: d });
      await syncAll(a, b);
      for (const r of [a, b]) {
        expect(life(r, 'notes', n)?.live).toBe(true);
        expect(life(r, 'notes', added)?.live).toBe(true);
        expect(life(r, 'tasks', task)).toEqual({ contactId: c, deletionId: own, live: false });
      }
      expectConverged(await hub().dump(), [a, b]);
      await closeAll();
    }
  });

  it('merge into the live contact that holds the email, and its undo, move the related rows on every machine', async () => {
    const { a, b, c, n, task } = await shared();
    const email = a.row('contacts', c)!.email as string;
    const d = await a.deleteOne(c);
    tick();
    const h = (await a.createContact({ firstName: 'Holly', email: email.toUpperCase() })).id;
    await syncAll(a, b);
    tick();
    const { undoId } = await b.call<{ undoId: string }>('restore.mergeInto', { id: c, into: h });
    await syncAll(a, b);
    expect(await hubMessages("kind IN ('delete', 'restore') AND tbl <> 'contacts' AND contact_id IN ($1, $2)", [c, h])).toBe(0);
    for (const r of [a, b]) {
      expect(life(r, 'notes', n)).toEqual({ contactId: h, deletionId: null, live: true });
      expect(life(r, 'tasks', task)).toEqual({ contactId: h, deletionId: null, live: true });
      expect(life(r, 'contacts', c)).toMatchObject({ deletionId: d, live: false });
    }
    expectConverged(await oracle(), [a, b]);
    expectConverged(await hub().dump(), [a, b]);
    tick();
    await b.call('restore.undoWayOut', { undoId });
    await syncAll(a, b);
    for (const r of [a, b]) {
      expect(life(r, 'notes', n)).toEqual({ contactId: c, deletionId: d, live: false });
      expect(life(r, 'tasks', task)).toEqual({ contactId: c, deletionId: d, live: false });
    }
    expectConverged(await oracle(), [a, b]);
    expectConverged(await hub().dump(), [a, b]);
    // the deletion restored later brings them back with their contact, on the other machine too
    tick();
    await a.call('contacts.deleteOne', { id: h });
    await a.call('restore.deletion', { deletionId: d });
    await syncAll(a, b);
    for (const r of [a, b]) expect(life(r, 'notes', n)).toEqual({ contactId: c, deletionId: null, live: true });
    expectConverged(await oracle(), [a, b]);
    expectConverged(await hub().dump(), [a, b]);
  });

  it('restore without the clashing email, and its undo, on every machine', async () => {
    const { a, b, c, n, task } = await shared();
    const email = a.row('contacts', c)!.email as string;
    await b.call('related.delete', { kind: 'task', id: task });
    const own = b.row('tasks', task)!.deletion_id as string;
    tick();
    const d = await a.deleteOne(c);
    tick();
    await a.createContact({ firstName: 'Holly', email });
    await syncAll(a, b);
    tick();
    const { undoId, noteId } = await b.call<{ undoId: string; noteId: string }>('restore.withoutField', { id: c });
    await syncAll(a, b);
    for (const r of [a, b]) {
      expect(r.row('contacts', c)).toMatchObject({ email: null, deleted_at: null });
      expect(life(r, 'notes', n)?.live).toBe(true);
      expect(life(r, 'notes', noteId)?.live).toBe(true);
      expect(life(r, 'tasks', task)).toEqual({ contactId: c, deletionId: own, live: false });
    }
    expectConverged(await hub().dump(), [a, b]);
    tick();
    await b.call('restore.undoWayOut', { undoId });
    await syncAll(a, b);
    for (const r of [a, b]) {
      expect(r.row('contacts', c)).toMatchObject({ email, deletion_id: d });
      expect(life(r, 'notes', n)).toEqual({ contactId: c, deletionId: d, live: false });
      expect(life(r, 'tasks', task)).toEqual({ contactId: c, deletionId: own, live: false });
    }
    // The undo takes the way-out note away on every machine: deleted as a record on its own (a plain
    // DELETE would send nothing; docs/sync.md, "Nothing leaves a synced table unsent").
    for (const r of [a, b]) {
      const note = r.row('notes', noteId)!;
      expect(note.deleted_at, r.name).not.toBeNull();
      expect(r.row('deletions', note.deletion_id as string), r.name).toMatchObject({ kind: 'record' });
    }
    expectConverged(await hub().dump(), [a, b]);
    expectConverged(await oracle(), [a, b]);
  });
});
