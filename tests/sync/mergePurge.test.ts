// A purge erases exactly the rows its contact owns at purge time (docs/sync.md, "A purge follows the rows'
// owner"). "Merge into" moves a deleted contact C1's records into the live contact C2; the records' earlier
// messages still name C1. Purging C1 must keep every message of the moved records (C2's live data: a member
// joining later gets them whole, with an edit made on another machine after the merge), and purging C2 must
// erase every message of them, those naming C1 included. A real hub on embedded PostgreSQL, replica cores.
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../shared/domain.ts';
import { expectConverged, type Replica } from './replicas.ts';
import { useTeam } from './teamFixture.ts';

// One hub for the file, one clock that only moves forward (teamFixture.ts).
const team = useTeam();
const { clock, hub } = team;
const make = (name: string, role: 'owner' | 'admin' | 'member' = 'owner') => team.make(name, { role });
const { tick } = team;
async function syncAll(...rs: Replica[]) {
  for (const r of rs) await r.sync();
  for (const r of rs) await r.sync();
}
/** Messages the hub stores about a row (an audit entry may still list its id: ids only, as on one machine). */
const hubMessagesOf = (pk: string) => hub().countMessages('pk = $1', [pk]);
/** Stored messages whose body holds a text, whatever their kind. */
const hubHolds = (text: string) => hub().countMessages('body::text LIKE $1', [`%${text}%`]);
/** Outbox entries (sent or not) of a replica that hold a text, or name a row. */
const replicaHolds = (r: Replica, text: string) =>
  r.core.db
    .prepare('SELECT count(*) FROM sync_outbox WHERE value LIKE ? OR vals LIKE ? OR pk = ?')
    .pluck()
    .get(`%${text}%`, `%${text}%`, text) as number;

let made = 0;
/**
 * C1 (deleted) with a note and a task merged into C2 (live, holding C1's email) on A; B, offline since before
 * C1's deletion, edits the note after the merge (its message names C1, and is newer than the merge).
 */
async function mergedOnA() {
  const a = await make('A');
  const b = await make('B', 'member');
  const n = ++made;
  const email = `mp${n}@example.com`;
  const tag = `moved${n}`; // what the moved records hold
  const c1 = (await a.createContact({ firstName: 'Old', email })).id;
  const note = (await a.addNote(c1, `${tag} note body`)).id;
  const task = (await a.call<{ id: string }>('related.create', { kind: 'task', contactId: c1, title: `${tag} task` })).id;
  await syncAll(a, b);
  tick();
  b.cut(); // B sees neither the deletion nor the merge until it edits the note
  await a.deleteOne(c1);
  tick();
  const c2 = (await a.createContact({ firstName: 'New', email })).id;
  await a.sync();
  tick();
  await a.call('restore.mergeInto', { id: c1, into: c2 });
  await a.sync();
  tick();
  await b.call('related.update', { kind: 'note', id: note, body: `${tag} edited on B` });
  b.cut(false);
  await syncAll(a, b);
  for (const r of [a, b])
    expect(r.row('notes', note)).toMatchObject({ contact_id: c2, body: `${tag} edited on B`, deleted_at: null });
  return { a, b, tag, c1, c2, note, task };
}

/** The moved records, whole, under C2, on every machine given. */
function expectMovedWhole(rs: Replica[], m: Awaited<ReturnType<typeof mergedOnA>>) {
  for (const r of rs) {
    expect(r.row('contacts', m.c1), r.name).toBeUndefined();
    expect(r.row('notes', m.note), r.name).toMatchObject({ contact_id: m.c2, body: `${m.tag} edited on B`, deleted_at: null });
    expect(r.row('tasks', m.task), r.name).toMatchObject({ contact_id: m.c2, title: `${m.tag} task`, deleted_at: null });
    // each machine keeps the moved rows' times (bookkeeping follows the owner, not the contact a message named)
    const times = r.core.db.prepare('SELECT contact_id FROM sync_cells WHERE pk = ? UNION ALL SELECT contact_id FROM sync_rows WHERE pk = ?');
    expect(times.all(m.note, m.note).length, r.name).toBeGreaterThan(0);
    expect(new Set(times.all(m.note, m.note).map((t) => (t as { contact_id: string }).contact_id)), r.name).toEqual(new Set([m.c2]));
  }
  // B's edit is newer than the merge: every machine keeps its time for the note's body
  for (const r of rs)
    expect(r.core.db.prepare("SELECT count(*) FROM sync_cells WHERE tbl = 'notes' AND pk = ? AND col = 'body'").pluck().get(m.note), r.name).toBe(1);
}

/** Deletes C2 on A and purges it with an admin's Delete permanently; no message anywhere keeps the moved rows. */
async function purgeC2(m: Awaited<ReturnType<typeof mergedOnA>>, joiner: Replica) {
  tick();
  await m.a.deleteOne(m.c2);
  await m.a.call('restore.purge', { ids: [m.c2], confirm: 'DELETE' });
  await syncAll(m.a, m.b, joiner);
  for (const r of [m.a, m.b, joiner]) {
    expect(r.row('contacts', m.c2), r.name).toBeUndefined();
    expect(r.row('notes', m.note), r.name).toBeUndefined();
    expect(r.row('tasks', m.task), r.name).toBeUndefined();
    expect(replicaHolds(r, m.tag), r.name).toBe(0);
  }
  expect(await hubHolds(m.tag)).toBe(0);
  expect(await hubMessagesOf(m.note)).toBe(0);
  expect(await hubMessagesOf(m.task)).toBe(0);
  expectConverged(await hub().dump(), [m.a, m.b, joiner]);
  const later = await make('Later');
  expect(later.row('notes', m.note)).toBeUndefined();
  expectConverged(await hub().dump(), [later]);
}

describe('merge then purge: a purge follows the rows its contact owns at purge time', () => {
  it("retention purges C1 (the hub's clock): the moved rows stay whole for a later joiner; purging C2 erases them", async () => {
    const m = await mergedOnA();
    clock.advance(61 * DAY_MS);
    expect(await hub().runRetention()).toBeGreaterThan(0);
    await syncAll(m.a, m.b);
    const joiner = await make('J');
    expectMovedWhole([m.a, m.b, joiner], m);
    expect(await hubHolds(m.tag)).toBeGreaterThan(0);
    expectConverged(await hub().dump(), [m.a, m.b, joiner]);
    await purgeC2(m, joiner);
  });

  it("an admin's Delete permanently of C1, then of C2: the same", async () => {
    const m = await mergedOnA();
    await m.a.call('restore.purge', { ids: [m.c1], confirm: 'DELETE' });
    await syncAll(m.a, m.b);
    const joiner = await make('J2');
    expectMovedWhole([m.a, m.b, joiner], m);
    expectConverged(await hub().dump(), [m.a, m.b, joiner]);
    await purgeC2(m, joiner);
  });

  it("C2 purged while C1 is still deleted: no message of the moved rows is left under C1's name", async () => {
    const m = await mergedOnA();
    tick();
    await m.a.deleteOne(m.c2);
    await m.a.call('restore.purge', { ids: [m.c2], confirm: 'DELETE' });
    await syncAll(m.a, m.b);
    expect(await hubHolds(m.tag)).toBe(0);
    expect(await hubMessagesOf(m.note)).toBe(0);
    const joiner = await make('J3');
    expect(joiner.row('notes', m.note)).toBeUndefined();
    expect(joiner.row('contacts', m.c1)).toMatchObject({ first_name: 'Old' });
    expectConverged(await hub().dump(), [m.a, m.b, joiner]);
  });
});

describe('a late edit of a row merged away from a contact purged since', () => {
  it("names the purged contact, but the row is the live contact's: kept on the hub and everywhere, not dropped", async () => {
    const a = await make('A4');
    const b = await make('B4', 'member');
    const c1 = (await a.createContact({ firstName: 'Old', email: 'late-merge@example.com' })).id;
    const note = (await a.addNote(c1, 'late note body')).id;
    await syncAll(a, b);
    tick();
    b.cut(); // B sees none of what follows until it has edited the note
    await a.deleteOne(c1);
    tick();
    const c2 = (await a.createContact({ firstName: 'New', email: 'late-merge@example.com' })).id;
    await a.sync();
    tick();
    await a.call('restore.mergeInto', { id: c1, into: c2 });
    await a.sync();
    clock.advance(61 * DAY_MS);
    expect(await hub().runRetention()).toBeGreaterThan(0); // C1 purged; the note is C2's
    await a.sync();
    tick();
    await b.call('related.update', { kind: 'note', id: note, body: 'late edit on B' });
    b.cut(false);
    await syncAll(b, a);
    const joiner = await make('J4');
    for (const r of [a, b, joiner]) {
      expect(r.row('contacts', c1), r.name).toBeUndefined();
      expect(r.row('notes', note), r.name).toMatchObject({ contact_id: c2, body: 'late edit on B', deleted_at: null });
    }
    // the edit is stored under the note's contact now, not dropped
    expect(await hub().countMessages("pk = $1 AND kind = 'cell' AND contact_id = $2", [note, c2])).toBe(2); // body, updated_at
    expect(await hub().countMessages("contact_id = $1 AND body::text LIKE '%late edit on B%'", [c2])).toBe(1);
    expect(await hub().countMessages('contact_id = $1', [c1])).toBe(1); // the purge itself
    // B keeps the edit's time (its bookkeeping follows the row's owner, not the contact its message named)
    expect(
      b.core.db.prepare("SELECT contact_id FROM sync_cells WHERE tbl = 'notes' AND pk = ? AND col = 'body'").all(note),
    ).toEqual([{ contact_id: c2 }]);
    expectConverged(await hub().dump(), [a, b, joiner]);
  });
});

describe("a replica's unsent edit of a row merged away, when it applies the purge of the contact the edit names", () => {
  it('is kept, under the row’s owner, and reaches everyone', async () => {
    const a = await make('A5');
    const b = await make('B5', 'member');
    const c1 = (await a.createContact({ firstName: 'Old', email: 'unsent-merge@example.com' })).id;
    const note = (await a.addNote(c1, 'unsent note body')).id;
    await syncAll(a, b);
    tick();
    b.cut();
    await a.deleteOne(c1);
    tick();
    const c2 = (await a.createContact({ firstName: 'New', email: 'unsent-merge@example.com' })).id;
    await a.sync();
    tick();
    await a.call('restore.mergeInto', { id: c1, into: c2 });
    await a.sync();
    clock.advance(61 * DAY_MS);
    expect(await hub().runRetention()).toBeGreaterThan(0);
    tick();
    await b.call('related.update', { kind: 'note', id: note, body: 'unsent edit on B' });
    b.cut(false);
    // B pulls before it pushes (a sync already pulling when the edit was made): it applies the merge and the
    // purge of C1 while its edit, naming C1, waits in its outbox
    await (b.team as unknown as { pullAll(): Promise<void> }).pullAll();
    expect(
      b.core.db.prepare("SELECT contact_id FROM sync_outbox WHERE pk = ? AND col = 'body'").all(note),
    ).toEqual([{ contact_id: c2 }]);
    await syncAll(b, a);
    const joiner = await make('J5');
    for (const r of [a, b, joiner])
      expect(r.row('notes', note), r.name).toMatchObject({ contact_id: c2, body: 'unsent edit on B', deleted_at: null });
    expectConverged(await hub().dump(), [a, b, joiner]);
  });
});
