// A related row moved between contacts (a restore conflict's merge, or its undo) racing the hub's purge of a
// contact the move names (docs/sync.md, "Decisions", "A move racing a purge"). The hub's order is the truth: a
// move the hub receives after the purge of the contact it names is dropped, so the row stays where the hub's
// order has it, on every machine (the machine that made the move included); and a purge stays final: every
// row it erased on the hub is erased everywhere, wherever a machine had moved it meanwhile. A real hub on
// embedded PostgreSQL, replica cores.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../shared/domain.ts';
import { fakeClock } from '../helpers/core.ts';
import { expectInvariants } from './invariants.ts';
import { expectConverged, replica, type Replica } from './replicas.ts';
import { startTeamHub, type TeamHub } from './teamHub.ts';

const clock = fakeClock();
let hub: TeamHub;
let open: Replica[] = [];
beforeAll(async () => {
  hub = await startTeamHub({ now: clock });
});
afterAll(async () => {
  await hub?.stop();
});
afterEach(async () => {
  for (const r of open) await r.cleanup();
  open = [];
});
const make = async (name: string) => {
  const r = await replica(name, hub, { now: clock, role: 'owner' });
  open.push(r);
  return r;
};
const tick = () => clock.advance(1000);
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
      m.a.cut(false);
      if (order === 'pulls the purge with the undo unsent') await pullOnly(m.a);
      await syncAll(m.a, m.b);
      const joiner = await make(`J${made}`);
      const all = [m.a, m.b, joiner];
      expectEverywhere(all, (r) => {
        expect(r.row('contacts', m.c1), r.name).toBeUndefined();
        expect(r.row('notes', m.note), r.name).toMatchObject({ contact_id: m.c2, deleted_at: null, deletion_id: null });
        expect(r.row('tasks', m.task), r.name).toMatchObject({ contact_id: m.c2, deleted_at: null, deletion_id: null });
        expectInvariants(r);
      });
      expectConverged(await hub.dump(), all);
    });
  }
});
