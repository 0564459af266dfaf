// Row messages on the hub (docs/sync.md, "Volume"): an insert as one message holding every column at one HLC
// is checked, stored, served and folded exactly as the cells it stands for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { materialize } from '../../shared/sync/dump.ts';
import { PushResponse, type SyncMessage } from '../../shared/sync/protocol.ts';
import { startTestHub, type JoinedDevice, type TestHub } from '../helpers/hubServer.ts';
import { contactRow, del, hlcAt, noteRow, pullAll, push, restore, rowMessage } from './fixtures.ts';

let hub: TestHub;
let ana: JoinedDevice;
let ben: JoinedDevice;
let mia: JoinedDevice;

beforeAll(async () => {
  hub = await startTestHub();
  ana = await hub.join('admin', 'Ana');
  ben = await hub.join('member', 'Ben');
  mia = await hub.join('member', 'Mia');
});
afterAll(async () => {
  await hub?.stop();
});

async function logSize(): Promise<number> {
  return (await pullAll(ana)).length;
}

const cellOf = (
  device: JoinedDevice,
  table: 'contacts' | 'notes',
  pk: string,
  contactId: string,
  column: string,
  value: string | number | null,
  millis?: number,
): SyncMessage => ({ kind: 'cell', hlc: hlcAt(device.deviceId, millis), table, pk, contactId, column, value });

describe('a row message', () => {
  it('is stored once and served as pushed; a retried batch is all duplicates', async () => {
    const row = contactRow(ana.deviceId, 'c-row');
    const first = PushResponse.parse(await (await push(ana.call, [row], 'row-1')).json());
    expect(first).toMatchObject({ accepted: 1, duplicates: 0 });
    const again = PushResponse.parse(await (await push(ana.call, [row], 'row-1')).json());
    expect(again).toMatchObject({ accepted: 0, duplicates: 1, seq: first.seq });
    const log = await pullAll(ben);
    expect(log.filter((m) => m.kind === 'row' && m.pk === 'c-row')).toEqual([row]);
    expect((await hub.dump()).tables.contacts.find((c) => c.id === 'c-row')).toEqual({
      id: 'c-row',
      first_name: 'Ana',
      last_name: 'Lima',
      email: 'c-row@example.com',
      created_at: 1,
      updated_at: 1,
      deleted_at: null,
      deletion_id: null,
      review_of: null,
    });
  });

  it('is one cell per column at its HLC: a later cell of one column overrides that column only, an earlier one nothing', async () => {
    const t = Date.now() - 10_000;
    await push(ana.call, [contactRow(ana.deviceId, 'c-lww-row', { company: 'Row' }, t)]);
    await push(ben.call, [cellOf(ben, 'contacts', 'c-lww-row', 'c-lww-row', 'company', 'Later', t + 1000)]);
    await push(ben.call, [cellOf(ben, 'contacts', 'c-lww-row', 'c-lww-row', 'first_name', 'Earlier', t - 1000)]);
    const row = (await hub.dump()).tables.contacts.find((c) => c.id === 'c-lww-row');
    expect(row).toMatchObject({ company: 'Later', first_name: 'Ana', last_name: 'Lima' });
    // and the other way round: a row arriving after a newer cell of one of its columns keeps that cell
    await push(ben.call, [cellOf(ben, 'contacts', 'c-lww-row2', 'c-lww-row2', 'company', 'Newer', t + 1000)]);
    await push(ana.call, [contactRow(ana.deviceId, 'c-lww-row2', { company: 'Row' }, t)]);
    expect((await hub.dump()).tables.contacts.find((c) => c.id === 'c-lww-row2')).toMatchObject({
      company: 'Newer',
      first_name: 'Ana',
    });
  });

  it('of a note added under a contact deleted elsewhere is deleted with that deletion; restoring it brings the note back', async () => {
    const t = Date.now() - 10_000;
    await push(ana.call, [contactRow(ana.deviceId, 'c-row-late', {}, t)]);
    await push(ana.call, [del(ana.deviceId, 'contacts', 'c-row-late', 'c-row-late', 'D-row-late', t + 1000)]);
    await push(ben.call, [noteRow(ben.deviceId, 'n-row-late', 'c-row-late', 'offline', t + 500)]);
    expect((await hub.dump()).tables.notes.find((n) => n.id === 'n-row-late')).toMatchObject({
      deletion_id: 'D-row-late',
    });
    await push(ana.call, [restore(ana.deviceId, 'contacts', 'c-row-late', 'c-row-late', 'D-row-late', t + 2000)]);
    expect((await hub.dump()).tables.notes.find((n) => n.id === 'n-row-late')).toMatchObject({
      deleted_at: null,
      deletion_id: null,
    });
  });

  it('holding a lifecycle, derived or bookkeeping column, or no column, or naming another contact, is refused whole (VALIDATION)', async () => {
    const before = await logSize();
    for (const bad of [
      contactRow(ben.deviceId, 'c-bad-1', { deleted_at: null }),
      contactRow(ben.deviceId, 'c-bad-2', { review_of: 'x' }),
      rowMessage(ben.deviceId, 'deletions', 'D-bad', null, { id: 'D-bad', purged_at: 1 }),
      rowMessage(ben.deviceId, 'contacts', 'c-bad-3', 'c-bad-3', {}),
      rowMessage(ben.deviceId, 'contacts', 'c-bad-4', 'someone-else', { id: 'c-bad-4' }),
    ]) {
      const res = await push(ben.call, [contactRow(ben.deviceId, 'c-good-around'), bad]);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { code: string; message: string };
      expect(body.code).toBe('VALIDATION');
      expect(body.message).toContain('Message 2 of the batch');
    }
    expect(await logSize()).toBe(before);
  });

  it("is judged as its cells: a member cannot rewrite another's records or restore another's bulk action through one", async () => {
    expect(
      (
        await push(mia.call, [
          contactRow(mia.deviceId, 'c-mia-row'),
          rowMessage(mia.deviceId, 'bulk_actions', 'BA-mia-row', null, { id: 'BA-mia-row', type: 'delete' }),
          rowMessage(mia.deviceId, 'deletions', 'D-mia-row', null, {
            id: 'D-mia-row',
            kind: 'bulk',
            bulk_action_id: 'BA-mia-row',
          }),
          rowMessage(mia.deviceId, 'audit_log', 'A-mia-row', null, { id: 'A-mia-row', action: 'delete' }),
          del(mia.deviceId, 'contacts', 'c-mia-row', 'c-mia-row', 'D-mia-row'),
        ])
      ).status,
    ).toBe(200);
    const before = await logSize();
    const refused = async (messages: SyncMessage[], index: number, why: RegExp) => {
      const res = await push(ben.call, messages);
      expect(res.status).toBe(403);
      const body = (await res.json()) as { code: string; message: string };
      expect(body).toMatchObject({ code: 'FORBIDDEN' });
      expect(body.message).toContain(`Message ${index + 1} of the batch`);
      expect(body.message).toMatch(why);
    };
    await refused(
      [rowMessage(ben.deviceId, 'deletions', 'D-mia-row', null, { deleted_by: 'Ben' })],
      0,
      /deletion record/,
    );
    await refused(
      [rowMessage(ben.deviceId, 'bulk_actions', 'BA-mia-row', null, { status: 'done', cancel_requested: 1 })],
      0,
      /bulk action record/,
    );
    await refused([rowMessage(ben.deviceId, 'audit_log', 'A-mia-row', null, { action: 'x' })], 0, /audit entry/);
    await refused(
      [
        rowMessage(ben.deviceId, 'bulk_actions', 'BA-ben-restore-row', null, {
          id: 'BA-ben-restore-row',
          source_action_id: 'BA-mia-row',
        }),
      ],
      0,
      /restore a bulk action another member made/,
    );
    expect(await logSize()).toBe(before);
    // asking another member's bulk action to stop stays allowed, as a row message of that one column too
    expect(
      (await push(ben.call, [rowMessage(ben.deviceId, 'bulk_actions', 'BA-mia-row', null, { cancel_requested: 1 })]))
        .status,
    ).toBe(200);
    // a deletion's bulk action named in a row message counts for a restore in the same batch
    const own = [
      contactRow(ben.deviceId, 'c-ben-row'),
      rowMessage(ben.deviceId, 'bulk_actions', 'BA-ben-row', null, { id: 'BA-ben-row', type: 'delete' }),
      rowMessage(ben.deviceId, 'deletions', 'D-ben-row', null, {
        id: 'D-ben-row',
        kind: 'bulk',
        bulk_action_id: 'BA-ben-row',
      }),
      del(ben.deviceId, 'contacts', 'c-ben-row', 'c-ben-row', 'D-ben-row'),
      restore(ben.deviceId, 'contacts', 'c-ben-row', 'c-ben-row', 'D-ben-row'),
    ];
    expect((await push(ben.call, own)).status).toBe(200);
    await refused(
      [restore(ben.deviceId, 'contacts', 'c-mia-row', 'c-mia-row', 'D-mia-row')],
      0,
      /restore a bulk action another member made/,
    );
  });

  it('leaves the hub holding exactly materialize of its log', async () => {
    expect(await hub.dump()).toEqual(materialize(await pullAll(ben)));
  });
});
