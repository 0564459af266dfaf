// The run-time guard of "Nothing leaves a synced table unsent" (docs/sync.md, "Decisions"): every lifecycle
// path is run on a team database (as team.join leaves it, without a hub), then the model of what its outbox
// says (materialize() of the captured messages, shared/sync/dump.ts) must equal the tables themselves. A
// write that sends nothing (a plain DELETE, a write with capture off, an INSERT OR REPLACE) makes them
// differ: another machine would never get it. Before the fix, the undo of a restore without its email left
// its note in the model (its DELETE sent nothing); now a DELETE with capture on fails outright.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installCapture } from '../../../electron/core/sync/captureTriggers.ts';
import { acknowledge, nextBatch } from '../../../electron/core/sync/outbox.ts';
import { replicaDump } from '../../../electron/core/sync/replicaDump.ts';
import { loadClock } from '../../../electron/core/sync/syncClock.ts';
import { dumpLines, materialize } from '../../../shared/sync/dump.ts';
import type { SyncMessage } from '../../../shared/sync/protocol.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';

let t: Awaited<ReturnType<typeof testCore>>;
const clock = fakeClock();
beforeEach(async () => {
  t = await testCore({ now: clock });
  t.core.db
    .prepare(
      "INSERT INTO sync_state (id, hub_url, workspace_id, member_id, member_name, device_id, device_token, role, joined_at) VALUES (1, 'http://127.0.0.1:1', 'w', 'm', 'M', 'dev1', 't', 'owner', 0)",
    )
    .run();
  loadClock(t.core.db);
  installCapture(t.core.db);
});
afterEach(() => t.cleanup());

/** Every message the outbox holds, in order (as the pushes would send them). */
function outboxMessages(): SyncMessage[] {
  const all: SyncMessage[] = [];
  for (let b = nextBatch(t.core.db); b; b = nextBatch(t.core.db)) {
    all.push(...b.messages);
    acknowledge(t.core.db, b.batchId);
  }
  return all;
}
const tick = () => clock.advance(1000);
const call = async <T>(channel: string, input: unknown): Promise<T> => {
  tick();
  return t.call<T>(channel, input);
};
const runBulk = async () => {
  t.core.runner.start();
  await t.core.runner.idle();
  await t.core.runner.stop();
};

describe('every lifecycle path on a team database sends what it writes', () => {
  it('the outbox, materialized, equals the tables after creating, editing, deleting, restoring, ways out and their undo', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push((await call<{ id: string }>('contacts.create', { firstName: `P${i}`, email: `p${i}@x.org`, phone: `+1 555 010 00${10 + i}`, tags: ['t'] })).id);
    const [a, b, c, d, e, f] = ids as [string, string, string, string, string, string];
    const related: { kind: string; id: string }[] = [];
    for (const contactId of [a, b, c]) {
      related.push({ kind: 'note', id: (await call<{ id: string }>('related.create', { kind: 'note', contactId, body: 'n' })).id });
      related.push({ kind: 'task', id: (await call<{ id: string }>('related.create', { kind: 'task', contactId, title: 'call' })).id });
    }
    await call('contacts.update', { id: a, firstName: 'Edited', company: 'Acme', tags: ['t', 'u'] });
    await call('related.update', { kind: 'note', id: related[0]!.id, body: 'edited' });
    // a record deleted on its own, restored, deleted again
    await call('related.delete', { kind: 'task', id: related[1]!.id });
    const recordDeletion = t.core.db.prepare('SELECT deletion_id FROM tasks WHERE id = ?').pluck().get(related[1]!.id) as string;
    await call('restore.deletion', { deletionId: recordDeletion });
    await call('related.delete', { kind: 'task', id: related[1]!.id });
    // one contact deleted and restored; a bulk delete and its restore
    const one = (await call<{ deletionId: string }>('contacts.deleteOne', { id: b })).deletionId;
    await call('restore.deletion', { deletionId: one });
    const { bulkActionId } = await call<{ bulkActionId: string }>('contacts.delete', { ids: [d, e] });
    await runBulk();
    await call('bulkActions.restore', { id: bulkActionId });
    await runBulk();
    // restore conflicts: C deleted, its email taken by a new contact; restore without the email, undo; merge, undo
    const dc = (await call<{ deletionId: string }>('contacts.deleteOne', { id: c })).deletionId;
    await call('contacts.create', { firstName: 'Holder', email: 'p2@x.org' });
    const without = await call<{ undoId: string }>('restore.withoutField', { id: c });
    await call('restore.undoWayOut', { undoId: without.undoId });
    const conflict = await call<{ merge: { into: { id: string } }[] }>('restore.conflict', { id: c });
    const merged = await call<{ undoId: string }>('restore.mergeInto', { id: c, into: conflict.merge[0]!.into.id });
    await call('restore.undoWayOut', { undoId: merged.undoId });
    expect(t.core.db.prepare('SELECT deletion_id FROM contacts WHERE id = ?').pluck().get(c)).toBe(dc);
    await call('contacts.deleteOne', { id: f });

    const here = replicaDump(t.core.db);
    const model = materialize(outboxMessages());
    expect(dumpLines({ ...model, purged: here.purged })).toEqual(dumpLines(here));
  });
});
