// Retention reads only what is new or still pending (docs/sync.md, "Record deletions are purged too"; hub
// migration 009): a pass reads the lifecycle messages stored since the last one, and folds only the related rows
// whose record deletion may still come due. A second pass with nothing new reads and folds nothing; a restored
// record leaves the list; a contact's restore that brings back a record's own deletion puts it back on the list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncMessage } from '../../shared/sync/protocol.ts';
import type { RetentionReport } from '../../hub/sync/purgeDeletion.ts';
import { runRetention } from '../../hub/sync/retention.ts';
import { startTestHub, type JoinedDevice, type TestHub } from '../helpers/hubServer.ts';
import { contactRow, del, noteRow, push, restore, rowMessage } from './fixtures.ts';

const DAY = 24 * 60 * 60 * 1000;
let clock = Date.now();
let hub: TestHub;
let ana: JoinedDevice;

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  ana = await hub.join('admin', 'Ana');
});
afterAll(async () => {
  await hub?.stop();
});

async function ok(messages: SyncMessage[]): Promise<void> {
  const res = await push(ana.call, messages);
  expect(res.status, await res.clone().text()).toBe(200);
}
const deletionRow = (id: string, kind: 'single' | 'record', millis: number) =>
  rowMessage(ana.deviceId, 'deletions', id, null, { id, kind, deleted_at: 1, deleted_by: 'x' }, millis);

/** One retention pass at `now`, with what it read. */
async function pass(now: number): Promise<RetentionReport & { purged: number; seq: number }> {
  const report: RetentionReport = { lifecycleRead: 0, folded: 0 };
  const purged = await runRetention(hub.hub.db, now, undefined, report);
  const { rows } = await hub.hub.db.query<{ seq: string }>('SELECT max(seq) AS seq FROM messages');
  return { ...report, purged, seq: Number(rows[0]!.seq) };
}
const notesLeft = async (ids: string[]) =>
  ((await hub.dump()).tables.notes as { id: string }[]).map((n) => n.id).filter((id) => ids.includes(id));
const pending = async () =>
  (await hub.hub.db.query<{ pk: string }>('SELECT pk FROM retention_pending ORDER BY pk')).rows.map((r) => r.pk);

describe('retention passes read only what is new or pending', () => {
  it('20 notes deleted on their own, 17 restored: the first pass purges 3, a second pass reads nothing', async () => {
    const t = clock;
    const notes = Array.from({ length: 20 }, (_, i) => `rp-n${String(i).padStart(2, '0')}`);
    await ok([contactRow(ana.deviceId, 'rp-c', {}, t), ...notes.map((n) => noteRow(ana.deviceId, n, 'rp-c', 'x', t))]);
    await ok(notes.flatMap((n) => [deletionRow(`D-${n}`, 'record', t + 1), del(ana.deviceId, 'notes', n, 'rp-c', `D-${n}`, t + 2)]));
    await ok(notes.slice(3).map((n) => restore(ana.deviceId, 'notes', n, 'rp-c', `D-${n}`, t + 3)));

    clock = t + 61 * DAY;
    const first = await pass(clock);
    expect(first).toMatchObject({ lifecycleRead: 37, folded: 20 });
    expect(await notesLeft(notes)).toEqual(notes.slice(3));
    expect(await pending()).toEqual([]); // purged or restored: nothing left to watch

    const second = await pass(clock + DAY);
    expect(second).toEqual({ lifecycleRead: 0, folded: 0, purged: 0, seq: first.seq });

    // a new deletion is read once, then waits (not folded again) until it is due
    await ok([deletionRow('D-late', 'record', clock), del(ana.deviceId, 'notes', notes[5]!, 'rp-c', 'D-late', clock)]);
    expect(await pass(clock + DAY)).toMatchObject({ lifecycleRead: 1, folded: 1 });
    expect(await pass(clock + 2 * DAY)).toMatchObject({ lifecycleRead: 0, folded: 0 });
    expect(await pending()).toEqual([notes[5]]);
    expect(await pass(clock + 61 * DAY)).toMatchObject({ lifecycleRead: 0, folded: 1 });
    expect(await notesLeft(notes)).toEqual(notes.slice(3).filter((n) => n !== notes[5]));
    expect(await pending()).toEqual([]);
  });

  it("a contact's restore that brings back a record's own deletion puts the record back on the list (exact)", async () => {
    const t = clock;
    // the contact is deleted (t+1), the note is deleted on its own later in HLC order (t+3): the note already
    // carries the contact's deletion, so its own does not apply (as on one machine) and it leaves the list...
    await ok([contactRow(ana.deviceId, 'rp-c2', {}, t), noteRow(ana.deviceId, 'rp-note', 'rp-c2', 'x', t)]);
    await ok([deletionRow('D-c2', 'single', t + 1), del(ana.deviceId, 'contacts', 'rp-c2', 'rp-c2', 'D-c2', t + 1)]);
    await ok([deletionRow('D-own', 'record', t + 3), del(ana.deviceId, 'notes', 'rp-note', 'rp-c2', 'D-own', t + 3)]);
    clock = t + DAY;
    expect(await pass(clock)).toMatchObject({ folded: 1, purged: 0 });
    expect(await pending()).toEqual([]);
    // ...until the contact's restore (t+2, between the two) arrives: the note is live at t+2, so D-own applies
    await ok([restore(ana.deviceId, 'contacts', 'rp-c2', 'rp-c2', 'D-c2', t + 2)]);
    expect(await pass(clock + DAY)).toMatchObject({ lifecycleRead: 1, folded: 1, purged: 0 });
    expect(await pending()).toEqual(['rp-note']);
    expect(await notesLeft(['rp-note'])).toEqual(['rp-note']);
    // D-own was received at `t` (the test's clock then): due 60 days after
    await pass(clock + 61 * DAY);
    expect(await notesLeft(['rp-note'])).toEqual([]);
    expect(await pending()).toEqual([]);
  });
});
