// A purge follows the rows' owner, on the hub alone (docs/sync.md, "A purge follows the rows' owner"): the
// stored messages of a row moved away from the purged contact are kept and renamed after its owner (their
// contactId and the contact_id they write, at their HLCs); a late message naming the purged contact is stored
// under the owner when the row lives elsewhere, and dropped when it moves the row to the purged contact or
// names a row that went with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushResponse, type SyncMessage } from '../../shared/sync/protocol.ts';
import { startTestHub, type JoinedDevice, type TestHub } from '../helpers/hubServer.ts';
import { contactRow, del, hlcAt, noteRow, pullAll, push } from './fixtures.ts';

let hub: TestHub;
let ana: JoinedDevice;

beforeAll(async () => {
  hub = await startTestHub();
  ana = await hub.join('admin', 'Ana');
});
afterAll(async () => {
  await hub?.stop();
});

async function ok(messages: SyncMessage[]) {
  const res = await push(ana.call, messages);
  expect(res.status, await res.clone().text()).toBe(200);
  return PushResponse.parse(await res.json());
}
const cell = (table: 'notes', pk: string, contactId: string, column: string, value: string, millis: number): SyncMessage => ({
  kind: 'cell',
  hlc: hlcAt(ana.deviceId, millis),
  table,
  pk,
  contactId,
  column,
  value,
});

describe("the hub's purge follows the rows' owner", () => {
  it('keeps and renames a moved row; stores a late edit of it under its owner; drops the rest', async () => {
    const t = Date.now() - 60_000;
    await ok([
      contactRow(ana.deviceId, 'o-c1', {}, t),
      contactRow(ana.deviceId, 'o-c2', {}, t),
      noteRow(ana.deviceId, 'o-moved', 'o-c1', 'moved body', t),
      noteRow(ana.deviceId, 'o-kept', 'o-c1', 'stays with c1', t),
    ]);
    await ok([cell('notes', 'o-moved', 'o-c2', 'contact_id', 'o-c2', t + 1)]); // a merge's move, as a cell
    await ok([
      { kind: 'row', hlc: hlcAt(ana.deviceId, t + 2), table: 'deletions', pk: 'o-D', contactId: null, values: { id: 'o-D', kind: 'single', deleted_at: 1, deleted_by: 'x' } },
      del(ana.deviceId, 'contacts', 'o-c1', 'o-c1', 'o-D', t + 2),
    ]);
    await ok([{ kind: 'purgeRequest', hlc: hlcAt(ana.deviceId, t + 3), contactId: 'o-c1' }]);

    // the moved note's messages stay, every one named after c2; c1's own note is gone
    const log = await pullAll(ana);
    const of = (pk: string) => log.filter((m) => 'pk' in m && m.pk === pk);
    expect(of('o-kept')).toEqual([]);
    expect(of('o-moved').map((m) => [m.kind, m.contactId])).toEqual([
      ['row', 'o-c2'],
      ['cell', 'o-c2'],
    ]);
    expect(of('o-moved')[0]).toMatchObject({ values: { contact_id: 'o-c2', body: 'moved body' } });
    expect(log.filter((m) => m.contactId === 'o-c1').map((m) => m.kind)).toEqual(['purge']);

    // late: an edit of the moved note naming c1 (stored, under c2); a move back to c1 (dropped); an edit of
    // c1's own note (dropped: it went with c1)
    const late = await ok([
      cell('notes', 'o-moved', 'o-c1', 'body', 'late edit', t + 4),
      cell('notes', 'o-moved', 'o-c1', 'contact_id', 'o-c1', t + 5),
      cell('notes', 'o-kept', 'o-c1', 'body', 'late edit of a purged note', t + 6),
    ]);
    expect(late).toMatchObject({ accepted: 1, dropped: 2 });
    const after = (await pullAll(ana)).filter((m) => 'pk' in m && m.pk === 'o-moved');
    expect(after.at(-1)).toMatchObject({ kind: 'cell', contactId: 'o-c2', column: 'body', value: 'late edit' });
    const notes = (await hub.dump()).tables.notes.filter((n) => String(n.id).startsWith('o-'));
    expect(notes).toEqual([expect.objectContaining({ id: 'o-moved', contact_id: 'o-c2', body: 'late edit', deleted_at: null })]);
  });
});
