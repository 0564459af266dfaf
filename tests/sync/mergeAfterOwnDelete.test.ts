// A merge moves a related row to another contact; every machine then folds the row's own lifecycle under
// its new contact (docs/sync.md, "Decisions", "A moved row's lifecycle"). Found by the convergence property
// test at higher counts (KYRIOS_SYNC_RUNS=200 KYRIOS_SYNC_OPS=60: seed -1296333665 on the code before this
// change, seed -130357670 with the undo of restores in the schedule), reproduced here:
//
// A deletes contact C (D, time t0). B, who has not seen it, deletes C's note N on its own (D1, t1 > t0). In
// HLC order N was already deleted with D when D1 came: D1 does not apply, N keeps D (as on one machine).
// C's email is taken by H; A merges C's records into H: N moves to H, live. Folded under H, D1 at t1 finds N
// live and applies: before this change every other machine and the hub held N deleted (D1) where A held it
// live. Now the merge also sends `restore D1`, so the fold under H gives what A holds; its undo needs nothing
// more (under C, D applies first again).
import { describe, expect, it } from 'vitest';
import { expectConverged } from './replicas.ts';
import { useTeam } from './teamFixture.ts';

// One hub (a real one, on embedded PostgreSQL) for the file, one clock that only moves forward (teamFixture.ts).
const { hub, make, tick } = useTeam();

describe('a merge moves a row whose own deletion came after its contact deletion', () => {
  it('every machine holds the moved note live under the contact it was merged into', async () => {
    const a = await make('A');
    const b = await make('B');
    const c = (await a.createContact({ firstName: 'Cy', email: 'merge-history@example.com' })).id;
    const n = (await a.addNote(c, 'moved')).id;
    await a.sync();
    await b.sync();
    tick();
    const d = await a.deleteOne(c); // D at t0
    tick();
    await b.call('related.delete', { kind: 'note', id: n }); // D1 at t1, B has not seen D
    await a.sync();
    await b.sync();
    await a.sync();
    tick();
    const h = (await a.createContact({ firstName: 'Holly', email: 'merge-history@example.com' })).id;
    await a.call('restore.mergeInto', { id: c, into: h });
    expect(a.row('notes', n)).toMatchObject({ contact_id: h, deleted_at: null });
    await a.sync();
    await b.sync();
    expect(b.row('notes', n)).toMatchObject({ contact_id: h, deleted_at: null });
    expectConverged(await hub().dump(), [a, b]);
    // and its undo, made on B: N goes back to C, deleted with D, everywhere
    const undoId = b.core.db.prepare("SELECT id FROM audit_log WHERE action = 'merge' AND target_id = ?").pluck().get(c) as string;
    tick();
    await b.call('restore.undoWayOut', { undoId });
    await b.sync();
    await a.sync();
    for (const r of [a, b]) expect(r.row('notes', n), r.name).toMatchObject({ contact_id: c, deletion_id: d });
    expectConverged(await hub().dump(), [a, b]);
  });
});
