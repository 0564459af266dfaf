// Nothing leaves a synced table unsent (docs/sync.md, "Decisions"): every write a member makes to a synced
// table travels, so after a sync every machine and the hub hold exactly the rows of the machine that made
// it. The writes that used to be made with no message (the undo of a restore without its email removed its
// note with a plain DELETE; a bulk action whose selection turned out empty was deleted with its deletion
// row) now travel, and a DELETE made with capture on fails instead of diverging silently.
import { describe, expect, it } from 'vitest';
import { dumpLines } from '../../shared/sync/dump.ts';
import { expectInvariants } from './invariants.ts';
import { expectConverged, type Replica } from './replicas.ts';
import { useTeam } from './teamFixture.ts';

// One hub (a real one, on embedded PostgreSQL) for the file, one clock that only moves forward (teamFixture.ts).
const { hub, make, tick, syncAll, oracle } = useTeam();
/** Every machine holds exactly A's rows: the hub's dump, the model of its log, B and a member joining now. */
async function expectExactlyAsOn(a: Replica, others: Replica[]) {
  const expected = a.dump();
  expect(dumpLines(await hub().dump())).toEqual(dumpLines(expected));
  const model = await oracle();
  expect(dumpLines({ ...model, purged: expected.purged })).toEqual(dumpLines(expected));
  const late = await make(`late${++made}`);
  expectConverged(expected, [...others, late]);
  for (const r of [a, ...others, late]) expectInvariants(r);
}

let made = 0;

describe('changes that used to never travel', () => {
  it("the undo of a restore without its email, made on A, takes its note away on every machine (deleted as a record on its own)", async () => {
    const a = await make('A');
    const b = await make('B');
    const email = `undo${++made}@example.com`;
    const c = (await a.createContact({ firstName: 'Cy', email })).id;
    const n = (await a.addNote(c, 'first')).id;
    await syncAll(a, b);
    tick();
    const d = await a.deleteOne(c);
    tick();
    const holly = (await a.createContact({ firstName: 'Holly', email })).id;
    await syncAll(a, b);
    tick();
    // B restores C without its email; A undoes it (the audit row and the note came to A by sync)
    const { undoId, noteId } = await b.call<{ undoId: string; noteId: string }>('restore.withoutField', { id: c });
    await syncAll(a, b);
    tick();
    await a.call('restore.undoWayOut', { undoId });
    await syncAll(a, b);

    for (const r of [a, b]) {
      expect(r.row('contacts', c), r.name).toMatchObject({ email, deletion_id: d });
      expect(r.row('notes', n), r.name).toMatchObject({ deletion_id: d });
      const note = r.row('notes', noteId);
      expect(note, `${r.name} keeps the way-out note, deleted on its own`).toBeDefined();
      expect(note!.deleted_at).not.toBeNull();
      expect(note!.deletion_id).not.toBe(d);
      expect(r.row('deletions', note!.deletion_id as string), r.name).toMatchObject({ kind: 'record' });
    }
    await expectExactlyAsOn(a, [b]);

    // Restoring C's deletion later (Holly gone) brings back what it removed, never the way-out note.
    tick();
    await b.deleteOne(holly);
    await b.call('restore.deletion', { deletionId: d });
    await syncAll(a, b);
    for (const r of [a, b]) {
      expect(r.row('contacts', c)!.deleted_at, r.name).toBeNull();
      expect(r.row('notes', n)!.deleted_at, r.name).toBeNull();
      expect(r.row('notes', noteId)!.deleted_at, r.name).not.toBeNull();
    }
    await expectExactlyAsOn(b, [a]);
  });

  it('a DELETE from a synced table made with capture on fails and changes nothing (alone, it is allowed)', async () => {
    const a = await make('A');
    const c = (await a.createContact({ firstName: 'Del', email: `guard${++made}@example.com` })).id;
    const n = (await a.addNote(c, 'kept')).id;
    expect(() => a.core.db.prepare('DELETE FROM notes WHERE id = ?').run(n)).toThrow(
      'a row of a synced table was removed outside a purge (notes)',
    );
    expect(a.row('notes', n)).toBeDefined();
    await a.call('team.leave', {});
    expect(a.core.db.prepare('DELETE FROM notes WHERE id = ?').run(n).changes).toBe(1);
  });
});
