// A contact's deletion travels once (docs/sync.md, "Volume"): its related rows get no delete or restore
// message of their own when their contact is deleted (deletions.kind single or bulk); the hub derives their
// lifecycle from the contact's messages through the shared fold, whatever the order of arrival, and follows a
// related row moved to another contact (merge into a live contact, and its undo).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { materialize, type DumpRow } from '../../shared/sync/dump.ts';
import type { SyncMessage } from '../../shared/sync/protocol.ts';
import { startTestHub, type JoinedDevice, type TestHub } from '../helpers/hubServer.ts';
import { contactRow, del, hlcAt, noteRow, pullAll, push, restore, rowMessage } from './fixtures.ts';

let hub: TestHub;
let ana: JoinedDevice;
let ben: JoinedDevice;

beforeAll(async () => {
  hub = await startTestHub();
  ana = await hub.join('admin', 'Ana');
  ben = await hub.join('member', 'Ben');
});
afterAll(async () => {
  await hub?.stop();
});

async function ok(device: JoinedDevice, messages: SyncMessage[]): Promise<void> {
  const res = await push(device.call, messages);
  expect(res.status, await res.clone().text()).toBe(200);
}

/** Each row's lifecycle in the hub's dump, by id: [deletion_id, deleted_at !== null]. */
async function lifeOf(table: 'contacts' | 'notes' | 'tasks', ids: string[]): Promise<(string | null)[]> {
  const rows = (await hub.dump()).tables[table] as DumpRow[];
  return ids.map((id) => {
    const row = rows.find((r) => r.id === id);
    if (!row) return 'absent';
    expect(row.deleted_at === null).toBe(row.deletion_id === null);
    return row.deletion_id as string | null;
  });
}

const deletionRow = (device: JoinedDevice, id: string, kind: 'single' | 'bulk' | 'record', millis?: number) =>
  rowMessage(device.deviceId, 'deletions', id, null, { id, kind, deleted_at: 1, deleted_by: 'x' }, millis);

const task = (device: JoinedDevice, id: string, contactId: string, millis?: number): SyncMessage =>
  rowMessage(device.deviceId, 'tasks', id, contactId, { id, contact_id: contactId, title: 't', created_at: 1 }, millis);

const moveTo = (device: JoinedDevice, noteId: string, contactId: string, millis?: number): SyncMessage => ({
  kind: 'cell',
  hlc: hlcAt(device.deviceId, millis),
  table: 'notes',
  pk: noteId,
  contactId,
  column: 'contact_id',
  value: contactId,
});

describe("a contact's deletion, sent once", () => {
  it('deletes every related row with the contact, and its restore brings them all back', async () => {
    const t = Date.now() - 60_000;
    await ok(ana, [
      contactRow(ana.deviceId, 'c1', {}, t),
      noteRow(ana.deviceId, 'c1-n1', 'c1', 'a', t),
      noteRow(ana.deviceId, 'c1-n2', 'c1', 'b', t),
      task(ana, 'c1-t1', 'c1', t),
    ]);
    await ok(ana, [
      deletionRow(ana, 'D1', 'single', t + 1000),
      del(ana.deviceId, 'contacts', 'c1', 'c1', 'D1', t + 1000),
    ]);
    expect(await lifeOf('contacts', ['c1'])).toEqual(['D1']);
    expect(await lifeOf('notes', ['c1-n1', 'c1-n2'])).toEqual(['D1', 'D1']);
    expect(await lifeOf('tasks', ['c1-t1'])).toEqual(['D1']);
    await ok(ana, [restore(ana.deviceId, 'contacts', 'c1', 'c1', 'D1', t + 2000)]);
    expect(await lifeOf('notes', ['c1-n1', 'c1-n2'])).toEqual([null, null]);
    expect(await lifeOf('tasks', ['c1-t1'])).toEqual([null]);
  });

  it('reaches rows that arrive after it: made before it on another machine, or added there meanwhile', async () => {
    const t = Date.now() - 60_000;
    await ok(ana, [contactRow(ana.deviceId, 'c2', {}, t)]);
    await ok(ana, [
      deletionRow(ana, 'D2', 'bulk', t + 1000),
      del(ana.deviceId, 'contacts', 'c2', 'c2', 'D2', t + 1000),
    ]);
    // Ben's machine had the note before the delete (older HLC) and one added while offline (newer), pushed late
    await ok(ben, [
      noteRow(ben.deviceId, 'c2-before', 'c2', 'x', t + 500),
      noteRow(ben.deviceId, 'c2-after', 'c2', 'y', t + 1500),
    ]);
    expect(await lifeOf('notes', ['c2-before', 'c2-after'])).toEqual(['D2', 'D2']);
    await ok(ana, [restore(ana.deviceId, 'contacts', 'c2', 'c2', 'D2', t + 3000)]);
    expect(await lifeOf('notes', ['c2-before', 'c2-after'])).toEqual([null, null]);
  });

  it('leaves a record deleted on its own earlier deleted by its own deletion, in either order of arrival', async () => {
    const t = Date.now() - 60_000;
    for (const [contact, contactFirst] of [
      ['c3', true],
      ['c4', false],
    ] as const) {
      await ok(ana, [
        contactRow(ana.deviceId, contact, {}, t),
        noteRow(ana.deviceId, `${contact}-n`, contact, 'n', t),
        noteRow(ana.deviceId, `${contact}-m`, contact, 'm', t),
      ]);
      const own = [
        deletionRow(ben, `R-${contact}`, 'record', t + 1000),
        del(ben.deviceId, 'notes', `${contact}-n`, contact, `R-${contact}`, t + 1000),
      ];
      const whole = [
        deletionRow(ana, `D-${contact}`, 'single', t + 2000),
        del(ana.deviceId, 'contacts', contact, contact, `D-${contact}`, t + 2000),
      ];
      if (contactFirst) {
        await ok(ana, whole);
        await ok(ben, own);
      } else {
        await ok(ben, own);
        await ok(ana, whole);
      }
      expect(await lifeOf('notes', [`${contact}-n`, `${contact}-m`])).toEqual([`R-${contact}`, `D-${contact}`]);
      await ok(ana, [restore(ana.deviceId, 'contacts', contact, contact, `D-${contact}`, t + 3000)]);
      expect(await lifeOf('contacts', [contact])).toEqual([null]);
      expect(await lifeOf('notes', [`${contact}-n`, `${contact}-m`])).toEqual([`R-${contact}`, null]);
    }
  });

  it('brings a record deleted on its own after the contact back with the contact (it was deleted already)', async () => {
    const t = Date.now() - 60_000;
    await ok(ana, [contactRow(ana.deviceId, 'c5', {}, t), noteRow(ana.deviceId, 'c5-n', 'c5', 'n', t)]);
    await ok(ben, [del(ben.deviceId, 'notes', 'c5-n', 'c5', 'R-c5', t + 2000)]);
    await ok(ana, [del(ana.deviceId, 'contacts', 'c5', 'c5', 'D-c5', t + 1000)]);
    expect(await lifeOf('notes', ['c5-n'])).toEqual(['D-c5']);
    await ok(ana, [restore(ana.deviceId, 'contacts', 'c5', 'c5', 'D-c5', t + 3000)]);
    expect(await lifeOf('notes', ['c5-n'])).toEqual([null]);
  });

  it('follows a related row moved to a live contact (merge into), and back under the deletion (its undo)', async () => {
    const t = Date.now() - 60_000;
    await ok(ana, [
      contactRow(ana.deviceId, 'c6', { email: 'same@x.test' }, t),
      noteRow(ana.deviceId, 'c6-n', 'c6', 'n', t),
      noteRow(ana.deviceId, 'c6-m', 'c6', 'm', t),
    ]);
    await ok(ana, [del(ana.deviceId, 'contacts', 'c6', 'c6', 'D-c6', t + 1000)]);
    await ok(ben, [contactRow(ben.deviceId, 'c7', { email: 'same@x.test' }, t + 2000)]);
    // merge c6's records into c7: the note's contact_id moves, and it is live under c7 (no restore message)
    await ok(ben, [moveTo(ben, 'c6-n', 'c7', t + 3000)]);
    expect(await lifeOf('notes', ['c6-n', 'c6-m'])).toEqual([null, 'D-c6']);
    expect((await hub.dump()).tables.notes.find((n) => n.id === 'c6-n')?.contact_id).toBe('c7');
    // c7 deleted and restored: the moved note follows c7 now, not c6
    await ok(ben, [del(ben.deviceId, 'contacts', 'c7', 'c7', 'D-c7', t + 4000)]);
    expect(await lifeOf('notes', ['c6-n'])).toEqual(['D-c7']);
    await ok(ben, [restore(ben.deviceId, 'contacts', 'c7', 'c7', 'D-c7', t + 5000)]);
    expect(await lifeOf('notes', ['c6-n'])).toEqual([null]);
    // undo of the merge: back under c6, deleted again with c6's deletion
    await ok(ben, [moveTo(ben, 'c6-n', 'c6', t + 6000)]);
    expect(await lifeOf('notes', ['c6-n', 'c6-m'])).toEqual(['D-c6', 'D-c6']);
    await ok(ana, [restore(ana.deviceId, 'contacts', 'c6', 'c6', 'D-c6', t + 7000)]);
    expect(await lifeOf('notes', ['c6-n', 'c6-m'])).toEqual([null, null]);
  });

  it("refuses a related row's message naming a contact other than the one its contact_id column names (VALIDATION)", async () => {
    const res = await push(ben.call, [{ ...noteRow(ben.deviceId, 'n-forged', 'c1'), contactId: 'c2' }]);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION' });
  });

  it("purges every row of a contact, also one added after its deletion, and nothing of another's", async () => {
    const t = Date.now() - 60_000;
    await ok(ana, [contactRow(ana.deviceId, 'c8', {}, t), noteRow(ana.deviceId, 'c8-n', 'c8', 'n', t)]);
    await ok(ana, [del(ana.deviceId, 'contacts', 'c8', 'c8', 'D-c8', t + 1000)]);
    await ok(ben, [noteRow(ben.deviceId, 'c8-late', 'c8', 'late', t + 2000), task(ben, 'c8-task', 'c8', t + 2000)]);
    const before = await hub.dump();
    await ok(ana, [{ kind: 'purgeRequest', hlc: hlcAt(ana.deviceId), contactId: 'c8' }]);
    const after = await hub.dump();
    expect(after.purged).toContain('c8');
    expect(after.tables.notes.filter((n) => n.contact_id === 'c8')).toEqual([]);
    expect(after.tables.tasks.filter((n) => n.contact_id === 'c8')).toEqual([]);
    expect(after.tables.notes.length).toBe(before.tables.notes.length - 2);
    const log = await pullAll(ana);
    expect(log.filter((m) => m.contactId === 'c8').map((m) => m.kind)).toEqual(['purge']);
  });

  it('keeps the newest contact_id of a moved row when an older move arrives late', async () => {
    const t = Date.now() - 60_000;
    await ok(ana, [
      contactRow(ana.deviceId, 'c9', {}, t),
      contactRow(ana.deviceId, 'c10', {}, t),
      noteRow(ana.deviceId, 'c9-n', 'c9', 'n', t),
    ]);
    await ok(ana, [del(ana.deviceId, 'contacts', 'c9', 'c9', 'D-c9', t + 1000)]);
    await ok(ben, [moveTo(ben, 'c9-n', 'c10', t + 3000)]);
    expect(await lifeOf('notes', ['c9-n'])).toEqual([null]);
    await ok(ana, [moveTo(ana, 'c9-n', 'c9', t + 2000)]);
    expect(await lifeOf('notes', ['c9-n'])).toEqual([null]);
    expect((await hub.dump()).tables.notes.find((n) => n.id === 'c9-n')?.contact_id).toBe('c10');
  });

  it('leaves the hub holding exactly materialize of its log', async () => {
    expect(await hub.dump()).toEqual(materialize(await pullAll(ben)));
  });
});
