// A related row moved between contacts (a restore conflict's merge, or its undo) racing the hub's purge of a
// contact the move names (docs/sync.md, "Decisions", "A move racing a purge"). The hub's order is the truth: a
// move the hub receives after the purge of the contact it names is dropped, so the row stays where the hub's
// order has it, on every machine (the machine that made the move included); and a purge stays final: every
// row it erased on the hub is erased everywhere, wherever a machine had moved it meanwhile. A real hub on
// embedded PostgreSQL, replica cores.
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../shared/domain.ts';
import { expectInvariants } from './invariants.ts';
import { expectConverged, type Replica } from './replicas.ts';
import { useTeam } from './teamFixture.ts';

// One hub for the file, one clock that only moves forward (teamFixture.ts).
const team = useTeam();
const { clock, hub } = team;
const make = (name: string) => team.make(name, { role: 'owner' });
const { tick } = team;
async function syncAll(...rs: Replica[]) {
  for (const r of rs) await r.sync();
  for (const r of rs) await r.sync();
}
const pullOnly = (r: Replica) => (r.team as unknown as { pullAll(): Promise<void> }).pullAll();

let made = 0;
/** C1 (deleted) with a note and a task merged into C2 (live, holding C1's email) on A; everyone synced. */
async function merged() {
  const a = await make(`A${++made}`);
  const b = await make(`B${made}`);
  const email = `race${made}@example.com`;
  const c1 = (await a.createContact({ firstName: 'Old', email })).id;
  const note = (await a.addNote(c1, `race note ${made}`)).id;
  const task = (await a.call<{ id: string }>('related.create', { kind: 'task', contactId: c1, title: `race task ${made}` })).id;
  await syncAll(a, b);
  tick();
  await a.deleteOne(c1);
  tick();
  const c2 = (await a.createContact({ firstName: 'New', email })).id;
  tick();
  const { undoId } = await a.call<{ undoId: string }>('restore.mergeInto', { id: c1, into: c2 });
  await syncAll(a, b);
  for (const r of [a, b]) expect(r.row('notes', note), r.name).toMatchObject({ contact_id: c2, deleted_at: null });
  return { a, b, c1, c2, note, task, undoId };
}

/**
 * Offline on A: C1 (with a note) deleted, C2 live holding C1's email, everyone synced, then A cut off and C1
 * merged into C2 there (the move unsent).
 */
async function mergedOffline(tag: string) {
  const a = await make(`A${++made}`);
  const b = await make(`B${made}`);
  const email = `${tag}${made}@example.com`;
  const c1 = (await a.createContact({ firstName: 'Old', email })).id;
  const note = (await a.addNote(c1, `${tag} note ${made}`)).id;
  await syncAll(a, b);
  tick();
  await a.deleteOne(c1);
  tick();
  const c2 = (await a.createContact({ firstName: 'New', email })).id;
  await syncAll(a, b);
  a.cut();
  tick();
  await a.call('restore.mergeInto', { id: c1, into: c2 });
  expect(a.row('notes', note)).toMatchObject({ contact_id: c2, deleted_at: null });
  return { a, b, c1, c2, note };
}

/**
 * A comes back online (pulling the hub's purge before it pushes, when `pullFirst`), both sync, and a new
 * machine joins: the three machines to check.
 */
async function backOnline(a: Replica, b: Replica, pullFirst = false): Promise<Replica[]> {
  a.cut(false);
  if (pullFirst) await pullOnly(a);
  await syncAll(a, b);
  return [a, b, await make(`J${made}`)];
}

function expectEverywhere(rs: Replica[], check: (r: Replica) => void) {
  for (const r of rs) check(r);
}

describe('the undo of a merge (rows back under deleted C1) made offline while the hub purges C1', () => {
  for (const order of ['pushes the undo, then pulls the purge', 'pulls the purge with the undo unsent'] as const) {
    it(`the machine that undid it ${order}: the rows stay C2's, live, on every machine`, async () => {
      const m = await merged();
      m.a.cut();
      tick();
      await m.a.call('restore.undoWayOut', { undoId: m.undoId });
      expect(m.a.row('notes', m.note)).toMatchObject({ contact_id: m.c1 });
      expect(m.a.row('notes', m.note)!.deleted_at).not.toBeNull();
      clock.advance(61 * DAY_MS);
      expect(await m.b.call('restore.purge', { ids: [m.c1], confirm: 'DELETE' })).toBeTruthy();
      await syncAll(m.b); // the hub purges C1: it holds the note and the task under C2 (the merge came first)
      const all = await backOnline(m.a, m.b, order.startsWith('pulls'));
      expectEverywhere(all, (r) => {
        expect(r.row('contacts', m.c1), r.name).toBeUndefined();
        expect(r.row('notes', m.note), r.name).toMatchObject({ contact_id: m.c2, deleted_at: null, deletion_id: null });
        expect(r.row('tasks', m.task), r.name).toMatchObject({ contact_id: m.c2, deleted_at: null, deletion_id: null });
        expectInvariants(r);
      });
      expectConverged(await hub().dump(), all);
    });
  }
});

describe("an edit made elsewhere before the undo's time, pulled by the machine whose undo the hub drops", () => {
  for (const order of ['pushes the undo, then pulls the purge', 'pulls the purge with the undo unsent'] as const) {
    it(`the machine that undid it ${order}: the edit wins there too, as on the hub (the dropped move's time is forgotten)`, async () => {
      const m = await merged();
      m.a.cut();
      tick();
      await m.b.call('related.update', { kind: 'note', id: m.note, body: 'edited on B before the undo' });
      await syncAll(m.b);
      tick();
      await m.a.call('restore.undoWayOut', { undoId: m.undoId });
      clock.advance(61 * DAY_MS);
      await m.b.call('restore.purge', { ids: [m.c1], confirm: 'DELETE' });
      await syncAll(m.b);
      const all = await backOnline(m.a, m.b, order.startsWith('pulls'));
      for (const r of all) {
        expect(r.row('notes', m.note), r.name).toMatchObject({ contact_id: m.c2, deleted_at: null, body: 'edited on B before the undo' });
        expectInvariants(r);
      }
      expectConverged(await hub().dump(), all);
    });
  }
});

describe('a merge made offline of rows the hub purges meanwhile with the contact they left: the purge stays final', () => {
  for (const order of ['pushes the merge, then pulls the purge', 'pulls the purge with the merge unsent'] as const) {
    it(`the machine that merged ${order}: the rows are erased on every machine, nothing of them comes back`, async () => {
      const { a, b, c1, c2, note } = await mergedOffline('final');
      await b.call('restore.purge', { ids: [c1], confirm: 'DELETE' });
      await syncAll(b); // the hub erases the note with C1: C1 owns it in the hub's order
      expect(await hub().countMessages('pk = $1', [note])).toBe(0);
      const all = await backOnline(a, b, order.startsWith('pulls'));
      for (const r of all) {
        expect(r.row('contacts', c1), r.name).toBeUndefined();
        expect(r.row('contacts', c2), r.name).toMatchObject({ deleted_at: null });
        expect(r.row('notes', note), r.name).toBeUndefined();
        expect(r.core.db.prepare('SELECT count(*) FROM sync_outbox WHERE pk = ?').pluck().get(note), r.name).toBe(0);
        expectInvariants(r);
      }
      expect(await hub().countMessages('pk = $1', [note])).toBe(0);
      expectConverged(await hub().dump(), all);
    });
  }
});

describe('a note merged twice (X into F, then F into H offline) while the hub purges F (seed -130357670)', () => {
  it("the note goes with F's purge on every machine, the one that made the second merge included", async () => {
    const a = await make(`A${++made}`);
    const b = await make(`B${made}`);
    const email = `twice${made}@example.com`;
    const x = (await a.createContact({ firstName: 'X', email })).id;
    const note = (await a.addNote(x, `twice note ${made}`)).id;
    await syncAll(a, b);
    tick();
    await a.deleteOne(x);
    tick();
    const f = (await a.createContact({ firstName: 'F', email })).id;
    tick();
    await a.call('restore.mergeInto', { id: x, into: f });
    await syncAll(a, b);
    tick();
    b.cut(); // B deletes the note on its own before it learns of F's deletion
    await a.deleteOne(f);
    await a.sync();
    tick();
    await b.call('related.delete', { kind: 'note', id: note });
    tick();
    const h = (await a.createContact({ firstName: 'H', email })).id;
    await a.sync();
    a.cut();
    tick();
    await a.call('restore.mergeInto', { id: f, into: h });
    expect(a.row('notes', note)).toMatchObject({ contact_id: h, deleted_at: null });
    b.cut(false);
    await b.sync(); // its own deletion of the note reaches the hub before the second merge
    clock.advance(61 * DAY_MS);
    expect(await hub().runRetention()).toBeGreaterThan(0); // F (and X) purged by the hub's clock
    const all = await backOnline(a, b);
    for (const r of all) {
      expect(r.row('contacts', f), r.name).toBeUndefined();
      expect(r.row('contacts', h), r.name).toMatchObject({ deleted_at: null });
      expect(r.row('notes', note), r.name).toBeUndefined();
      expectInvariants(r);
    }
    expect(await hub().countMessages('pk = $1', [note])).toBe(0);
    expectConverged(await hub().dump(), all);
  });
});

describe('a merge made offline into C2 while the hub purges C2: the move is dropped, the rows stay under C1', () => {
  for (const order of ['pushes the merge, then pulls the purge', 'pulls the purge with the merge unsent'] as const) {
    it(`the machine that merged ${order}: the rows are C1's again there, deleted with it, as everywhere`, async () => {
      const { a, b, c1, c2, note } = await mergedOffline('into');
      tick();
      await b.deleteOne(c2);
      await b.call('restore.purge', { ids: [c2], confirm: 'DELETE' });
      await syncAll(b); // the hub purges C2, which owns nothing of C1's in its order
      const all = await backOnline(a, b, order.startsWith('pulls'));
      const deletion = b.row('contacts', c1)!.deletion_id;
      for (const r of all) {
        expect(r.row('contacts', c2), r.name).toBeUndefined();
        expect(r.row('contacts', c1), r.name).toMatchObject({ deletion_id: deletion });
        expect(r.row('notes', note), r.name).toMatchObject({ contact_id: c1, deletion_id: deletion, body: `into note ${made}` });
        expectInvariants(r);
      }
      expectConverged(await hub().dump(), all);
    });
  }
});
