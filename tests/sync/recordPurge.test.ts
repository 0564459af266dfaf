// Record deletions are purged in team mode too (docs/sync.md, "Record deletions are purged too"): a note
// deleted on its own is erased everywhere once the hub's retention period has passed since the hub received
// its deletion (a `purgeDeletion` message, ids only), and a late message naming it (an edit or a restore
// made offline) is dropped, by the hub and by every replica. Two replicas, a later joiner, a real hub.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../shared/domain.ts';
import { materialize, dumpLines } from '../../shared/sync/dump.ts';
import type { SyncMessage } from '../../shared/sync/protocol.ts';
import { fakeClock } from '../helpers/core.ts';
import { expectInvariants } from './invariants.ts';
import { expectConverged, replica, type Replica } from './replicas.ts';
import { startTeamHub, type TeamHub } from './teamHub.ts';

const clock = fakeClock();
let hub: TeamHub;
beforeAll(async () => {
  hub = await startTeamHub({ now: clock });
});
afterAll(async () => {
  await hub?.stop();
});

const noteRows = (r: Replica, contactId: string) =>
  r.core.db
    .prepare('SELECT id, body, deleted_at IS NOT NULL AS deleted FROM notes WHERE contact_id = ? ORDER BY body')
    .all(contactId);
const hubCount = async (sql: string, params: unknown[]) =>
  Number((await hub.hub.hub.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0]!.n);

async function expectOracle(): Promise<void> {
  const log = await hub.hub.hub.db.query<{ body: SyncMessage }>('SELECT body FROM messages ORDER BY seq');
  const expected = await hub.dump();
  const model = materialize(log.rows.map((r) => r.body));
  expect(dumpLines({ ...model, purged: expected.purged })).toEqual(dumpLines(expected));
}

describe('record deletions are purged by the hub’s retention', () => {
  it('a note deleted on its own is erased everywhere after the retention period; its siblings and its deletion row stay', async () => {
    const a = await replica('A', hub, { now: clock });
    const b = await replica('B', hub, { now: clock, role: 'member' });
    const c = await a.createContact({ firstName: 'Nora', lastName: 'Keep' });
    const gone = await a.addNote(c.id, 'deleted on its own');
    await a.addNote(c.id, 'kept');
    await a.sync();
    await b.sync();
    await b.call('related.delete', { kind: 'note', id: gone.id });
    const d1 = b.row('notes', gone.id)!.deletion_id as string;
    await b.sync();
    await a.sync();
    // not yet: 59 days on, nothing is purged
    clock.advance(59 * DAY_MS);
    await hub.runRetention();
    await a.sync();
    expect(a.row('notes', gone.id)).toMatchObject({ deletion_id: d1 });

    clock.advance(2 * DAY_MS);
    await hub.runRetention();
    expect(await hubCount("messages WHERE kind = 'purgeDeletion' AND body::text LIKE $1", [`%${d1}%`])).toBe(1);
    for (const r of [a, b]) await r.sync();
    for (const r of [a, b]) {
      expect(noteRows(r, c.id)).toEqual([{ id: expect.any(String), body: 'kept', deleted: 0 }]);
      expect(r.row('deletions', d1)).toMatchObject({ kind: 'record', purged_at: clock() });
      expect(r.core.db.prepare('SELECT count(*) FROM sync_purged_rows WHERE pk = ?').pluck().get(gone.id)).toBe(1);
      expectInvariants(r);
    }
    // the hub holds nothing of it but the purge message's id
    // (the hub keeps no cells: its state of the note is what hubDump folds from the log)
    expect((await hub.dump()).tables.notes.filter((row) => row.id === gone.id)).toEqual([]);
    expect(await hubCount("rows WHERE tbl = 'notes' AND pk = $1", [gone.id])).toBe(0);
    expect(await hubCount("messages WHERE tbl = 'notes' AND pk = $1", [gone.id])).toBe(0);
    const late = await replica('Late', hub, { now: clock, role: 'viewer' });
    expect(late.row('notes', gone.id)).toBeUndefined();
    expectConverged(await hub.dump(), [a, b, late]);
    await expectOracle();
    for (const r of [a, b, late]) await r.cleanup();
  });

  it('an edit and a restore made offline before the purge reach the hub after it: dropped, and the note stays erased', async () => {
    const a = await replica('A2', hub, { now: clock });
    const b = await replica('B2', hub, { now: clock, role: 'admin' });
    const c = await a.createContact({ firstName: 'Olive', lastName: 'Late' });
    const n = await a.addNote(c.id, 'to purge');
    await a.sync();
    await b.sync();
    await a.call('related.delete', { kind: 'note', id: n.id });
    const d1 = a.row('notes', n.id)!.deletion_id as string;
    await a.sync();
    await b.sync();
    b.cut(); // B goes offline with the note deleted, and works on it there
    clock.advance(61 * DAY_MS);
    await b.call('restore.deletion', { deletionId: d1 });
    await b.call('related.update', { kind: 'note', id: n.id, body: 'edited offline' });
    expect(b.row('notes', n.id)).toMatchObject({ deleted_at: null, body: 'edited offline' });
    await hub.runRetention();
    await a.sync();
    expect(a.row('notes', n.id)).toBeUndefined();
    b.cut(false);
    await b.sync();
    await a.sync();
    for (const r of [a, b]) expect(r.row('notes', n.id)).toBeUndefined();
    expect(await hubCount("messages WHERE tbl = 'notes' AND pk = $1", [n.id])).toBe(0);
    expect((await hub.dump()).tables.notes.filter((row) => row.id === n.id)).toEqual([]);
    expectConverged(await hub.dump(), [a, b]);
    await expectOracle();
    for (const r of [a, b]) await r.cleanup();
  });

  it('a note restored before the period ends is not purged; deleted again, its retention counts from the new deletion', async () => {
    // The hub keeps no lifecycle of a related row (docs/sync.md, "Volume"): retention folds it from the log, so
    // the deletion in effect and when the hub received it decide, not the first delete message it finds.
    const a = await replica('A4', hub, { now: clock });
    const c = await a.createContact({ firstName: 'Rita', lastName: 'Again' });
    const n = await a.addNote(c.id, 'deleted, restored, deleted');
    await a.sync();
    await a.call('related.delete', { kind: 'note', id: n.id });
    const d1 = a.row('notes', n.id)!.deletion_id as string;
    await a.sync();
    clock.advance(30 * DAY_MS);
    await a.call('restore.deletion', { deletionId: d1 });
    await a.sync();
    clock.advance(31 * DAY_MS); // the first delete is 61 days old, but it is no longer in effect
    await hub.runRetention();
    await a.sync();
    expect(a.row('notes', n.id)).toMatchObject({ deleted_at: null, body: 'deleted, restored, deleted' });
    expect(await hubCount("messages WHERE kind = 'purgeDeletion' AND body::text LIKE $1", [`%${n.id}%`])).toBe(0);

    await a.call('related.delete', { kind: 'note', id: n.id });
    const d2 = a.row('notes', n.id)!.deletion_id as string;
    expect(d2).not.toBe(d1);
    await a.sync();
    clock.advance(59 * DAY_MS);
    await hub.runRetention();
    expect(await hubCount("messages WHERE kind = 'purgeDeletion' AND body::text LIKE $1", [`%${n.id}%`])).toBe(0);
    clock.advance(2 * DAY_MS);
    await hub.runRetention();
    expect(await hubCount("messages WHERE kind = 'purgeDeletion' AND body::text LIKE $1", [`%${d2}%`])).toBe(1);
    await a.sync();
    expect(a.row('notes', n.id)).toBeUndefined();
    expect(await hubCount("messages WHERE tbl = 'notes' AND pk = $1", [n.id])).toBe(0);
    expectConverged(await hub.dump(), [a]);
    await expectOracle();
    await a.cleanup();
  });

  it("a conversation's purge takes its messages, also one deleted on its own whose retention has not passed", async () => {
    const a = await replica('A3', hub, { now: clock });
    const b = await replica('B3', hub, { now: clock, role: 'member' });
    const c = await a.createContact({ firstName: 'Cora', lastName: 'Thread' });
    const conv = await a.call<{ id: string }>('related.create', {
      kind: 'conversation',
      contactId: c.id,
      channel: 'email',
    });
    const msg = (body: string) =>
      a.call<{ id: string }>('related.create', {
        kind: 'message',
        contactId: c.id,
        conversationId: conv.id,
        body,
        direction: 'inbound',
      });
    const early = await msg('deleted offline by B');
    const kept = await msg('goes with the conversation');
    await a.sync();
    await b.sync();
    b.cut(); // B deletes one message offline, before A deletes the whole conversation
    await b.call('related.delete', { kind: 'message', id: early.id });
    clock.advance(1000);
    await a.call('related.delete', { kind: 'conversation', id: conv.id });
    await a.sync();
    clock.advance(30 * DAY_MS); // B's deletion reaches the hub a month later: its retention counts from then
    b.cut(false);
    await b.sync();
    await a.sync();
    expect(a.row('messages', early.id)).toMatchObject({ deleted_at: expect.any(Number) });
    clock.advance(31 * DAY_MS);
    await hub.runRetention();
    for (const r of [a, b]) await r.sync();
    for (const r of [a, b]) {
      for (const id of [conv.id]) expect(r.row('conversations', id)).toBeUndefined();
      for (const id of [early.id, kept.id]) expect(r.row('messages', id)).toBeUndefined();
    }
    expect(await hubCount("rows WHERE tbl = 'messages' AND pk = ANY($1)", [[early.id, kept.id]])).toBe(0);
    expectConverged(await hub.dump(), [a, b]);
    await expectOracle();
    for (const r of [a, b]) await r.cleanup();
  });

  it('a replica cannot push a purgeDeletion: only the hub makes them (FORBIDDEN, typed)', async () => {
    const device = await hub.hub.join('owner', 'Pia');
    const res = await device.call('/v1/push', {
      method: 'POST',
      body: JSON.stringify({
        batchId: 'pd-1',
        messages: [
          {
            kind: 'purgeDeletion',
            hlc: `${String(clock()).padStart(13, '0')}-00000-${device.deviceId}`,
            contactId: 'c-x',
            deletionId: 'd-x',
            rows: [{ table: 'notes', pk: 'n-x' }],
          },
        ],
      }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'FORBIDDEN' });
  });
});
