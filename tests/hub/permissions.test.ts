// Every pushed message is checked against the pusher's role before any of the batch is stored (docs/sync.md,
// Permissions). Forged pushes come from valid devices with the member or viewer role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponse, type SyncMessage } from '../../shared/sync/protocol.ts';
import { startTestHub, type JoinedDevice, type TestHub } from '../helpers/hubServer.ts';
import { contactCells, del, hlcAt, push, restore } from './fixtures.ts';

let hub: TestHub;
let owner: JoinedDevice;
let admin: JoinedDevice;
let ben: JoinedDevice;
let mia: JoinedDevice;
let viewer: JoinedDevice;

beforeAll(async () => {
  hub = await startTestHub();
  owner = await hub.join('owner', 'Olga');
  admin = await hub.join('admin', 'Ana');
  ben = await hub.join('member', 'Ben');
  mia = await hub.join('member', 'Mia');
  viewer = await hub.join('viewer', 'Vic');
});
afterAll(async () => {
  await hub?.stop();
});

async function logSize(): Promise<number> {
  const res = await owner.call('/v1/pull?after=0');
  return PullResponse.parse(await res.json()).messages.length;
}

/** Pushes and expects FORBIDDEN naming the refused message, with nothing of the batch stored. */
async function expectRefused(device: JoinedDevice, messages: SyncMessage[], refusedIndex: number, why: RegExp) {
  const before = await logSize();
  const res = await push(device.call, messages);
  expect(res.status).toBe(403);
  const body = (await res.json()) as { code: string; message: string };
  expect(body.code).toBe('FORBIDDEN');
  expect(body.message).toContain(`Message ${refusedIndex + 1} of the batch`);
  expect(body.message).toContain(messages[refusedIndex]!.hlc);
  expect(body.message).toMatch(why);
  expect(await logSize()).toBe(before);
}

const cell = (
  device: JoinedDevice,
  table: 'bulk_actions' | 'deletions' | 'audit_log',
  pk: string,
  column: string,
  value: string | number | null,
): SyncMessage => ({
  kind: 'cell',
  hlc: hlcAt(device.deviceId),
  table,
  pk,
  contactId: null,
  column,
  value,
});

/** A bulk delete as a replica pushes it: its action row, its deletion row, the contact's delete. */
function bulkDelete(device: JoinedDevice, actionId: string, deletionId: string, contactId: string): SyncMessage[] {
  return [
    cell(device, 'bulk_actions', actionId, 'id', actionId),
    cell(device, 'bulk_actions', actionId, 'type', 'delete'),
    cell(device, 'bulk_actions', actionId, 'deletion_id', deletionId),
    cell(device, 'deletions', deletionId, 'id', deletionId),
    cell(device, 'deletions', deletionId, 'kind', 'bulk'),
    cell(device, 'deletions', deletionId, 'bulk_action_id', actionId),
    del(device.deviceId, 'contacts', contactId, contactId, deletionId),
  ];
}

describe('a viewer', () => {
  it('cannot push anything, not even one cell among allowed ones', async () => {
    await expectRefused(viewer, contactCells(viewer.deviceId, 'c-v'), 0, /viewers can read/);
  });
  it('still pulls', async () => {
    expect((await viewer.call('/v1/pull?after=0')).status).toBe(200);
  });
});

describe('a member', () => {
  it('creates, edits, deletes and restores contacts', async () => {
    const messages = [...contactCells(ben.deviceId, 'c-ben'), del(ben.deviceId, 'contacts', 'c-ben', 'c-ben', 'D-ben')];
    expect((await push(ben.call, messages)).status).toBe(200);
    // another member restores Ben's single deletion: allowed (only bulk actions are guarded)
    expect((await push(mia.call, [restore(mia.deviceId, 'contacts', 'c-ben', 'c-ben', 'D-ben')])).status).toBe(200);
  });

  it('cannot delete permanently (purgeRequest); the batch around it is not stored either', async () => {
    await push(ben.call, contactCells(ben.deviceId, 'c-keep'));
    const batch: SyncMessage[] = [
      ...contactCells(ben.deviceId, 'c-other'),
      { kind: 'purgeRequest', hlc: hlcAt(ben.deviceId), contactId: 'c-keep' },
    ];
    await expectRefused(ben, batch, batch.length - 1, /only owners and admins can delete a contact permanently/);
    expect((await hub.dump()).tables.contacts.some((c) => c.id === 'c-keep')).toBe(true);
  });

  it('cannot push a purge, and neither can an owner: only the hub makes purges', async () => {
    for (const device of [ben, owner]) {
      await expectRefused(
        device,
        [{ kind: 'purge', hlc: hlcAt(device.deviceId), contactId: 'c-keep' }],
        0,
        /only the hub makes purges/,
      );
    }
  });

  it("cannot restore another member's bulk delete, message by message or as a restore bulk action", async () => {
    expect(
      (await push(mia.call, [...contactCells(mia.deviceId, 'c-mia'), ...bulkDelete(mia, 'BA-mia', 'D-mia', 'c-mia')]))
        .status,
    ).toBe(200);
    await expectRefused(
      ben,
      [restore(ben.deviceId, 'contacts', 'c-mia', 'c-mia', 'D-mia')],
      0,
      /restore a bulk action another member made/,
    );
    const restoreAction = [
      cell(ben, 'bulk_actions', 'BA-ben-restore', 'id', 'BA-ben-restore'),
      cell(ben, 'bulk_actions', 'BA-ben-restore', 'source_action_id', 'BA-mia'),
    ];
    await expectRefused(ben, restoreAction, 1, /restore a bulk action another member made/);
  });

  it('restores a bulk delete of their own, also pushed in the same batch', async () => {
    const own = [...contactCells(ben.deviceId, 'c-ben2'), ...bulkDelete(ben, 'BA-ben', 'D-ben2', 'c-ben2')];
    expect((await push(ben.call, own)).status).toBe(200);
    const back = [
      cell(ben, 'bulk_actions', 'BA-ben-r', 'id', 'BA-ben-r'),
      cell(ben, 'bulk_actions', 'BA-ben-r', 'source_action_id', 'BA-ben'),
      restore(ben.deviceId, 'contacts', 'c-ben2', 'c-ben2', 'D-ben2'),
    ];
    expect((await push(ben.call, back)).status).toBe(200);
    const sameBatch = [
      ...contactCells(ben.deviceId, 'c-ben3'),
      ...bulkDelete(ben, 'BA-ben3', 'D-ben3', 'c-ben3'),
      restore(ben.deviceId, 'contacts', 'c-ben3', 'c-ben3', 'D-ben3'),
    ];
    expect((await push(ben.call, sameBatch)).status).toBe(200);
  });

  it("cannot write another member's audit rows, but writes their own", async () => {
    expect(
      (
        await push(mia.call, [
          cell(mia, 'audit_log', 'A-mia', 'id', 'A-mia'),
          cell(mia, 'audit_log', 'A-mia', 'action', 'delete'),
        ])
      ).status,
    ).toBe(200);
    await expectRefused(ben, [cell(ben, 'audit_log', 'A-mia', 'action', 'nothing happened')], 0, /audit entry/);
    expect((await push(ben.call, [cell(ben, 'audit_log', 'A-ben', 'id', 'A-ben')])).status).toBe(200);
  });

  it("cannot rewrite another member's deletion or bulk action record (who did it), but may ask their bulk action to stop", async () => {
    expect(
      (
        await push(mia.call, [
          ...contactCells(mia.deviceId, 'c-mia3'),
          ...bulkDelete(mia, 'BA-mia3', 'D-mia3', 'c-mia3'),
        ])
      ).status,
    ).toBe(200);
    await expectRefused(
      ben,
      [cell(ben, 'deletions', 'D-mia3', 'deleted_by', 'Ben')],
      0,
      /deletion record can only be written by the member who made it/,
    );
    await expectRefused(ben, [cell(ben, 'bulk_actions', 'BA-mia3', 'created_by', 'Ben')], 0, /bulk action record/);
    expect((await push(ben.call, [cell(ben, 'bulk_actions', 'BA-mia3', 'cancel_requested', 1)])).status).toBe(200);
    expect((await push(mia.call, [cell(mia, 'deletions', 'D-mia3', 'deleted_by', 'Mia')])).status).toBe(200);
    expect((await push(admin.call, [cell(admin, 'bulk_actions', 'BA-mia3', 'status', 'cancelled')])).status).toBe(200);
  });

  it('cannot send a lifecycle column as a cell, nor a contact message naming another contact (VALIDATION)', async () => {
    const forged: SyncMessage = {
      kind: 'cell',
      hlc: hlcAt(ben.deviceId),
      table: 'contacts',
      pk: 'c-ben',
      contactId: 'c-ben',
      column: 'deleted_at',
      value: null,
    };
    const res = await push(ben.call, [forged]);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION' });
    const derived: SyncMessage = {
      kind: 'cell',
      hlc: hlcAt(ben.deviceId),
      table: 'contacts',
      pk: 'c-ben',
      contactId: 'c-ben',
      column: 'review_of',
      value: null,
    };
    expect((await push(ben.call, [derived])).status).toBe(400);
    const hidden: SyncMessage = {
      kind: 'cell',
      hlc: hlcAt(ben.deviceId),
      table: 'contacts',
      pk: 'c-ben',
      contactId: null,
      column: 'email',
      value: 'x@y',
    };
    expect((await push(ben.call, [hidden])).status).toBe(400);
  });
});

describe('a retried batch', () => {
  it('is answered as duplicates after the pusher became a viewer: nothing new, nothing refused', async () => {
    const kim = await hub.join('member', 'Kim');
    const batch = contactCells(kim.deviceId, 'c-kim');
    expect((await push(kim.call, batch, 'kim-1')).status).toBe(200);
    expect(
      (await owner.call(`/v1/members/${kim.memberId}`, { method: 'PATCH', body: JSON.stringify({ role: 'viewer' }) }))
        .status,
    ).toBe(200);
    const again = await push(kim.call, batch, 'kim-1');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: batch.length });
    await expectRefused(kim, contactCells(kim.deviceId, 'c-kim-2'), 0, /viewers can read/);
  });
});

describe('any device', () => {
  it("cannot push changes stamped with another device's id (the HLC's node), whatever its role", async () => {
    for (const device of [ben, owner]) {
      const theirs = contactCells(mia.deviceId, `c-stamp-${device.memberId}`);
      await expectRefused(
        device,
        [...contactCells(device.deviceId, `c-own-${device.memberId}`), ...theirs],
        contactCells('x', 'y').length,
        /stamped by a device that is not yours/,
      );
    }
  });
});

describe('owners and admins', () => {
  it("restore another member's bulk delete, write any audit row, and delete permanently", async () => {
    expect(
      (
        await push(mia.call, [
          ...contactCells(mia.deviceId, 'c-mia2'),
          ...bulkDelete(mia, 'BA-mia2', 'D-mia2', 'c-mia2'),
        ])
      ).status,
    ).toBe(200);
    expect((await push(admin.call, [restore(admin.deviceId, 'contacts', 'c-mia2', 'c-mia2', 'D-mia2')])).status).toBe(
      200,
    );
    expect((await push(admin.call, [cell(admin, 'bulk_actions', 'BA-a-r', 'source_action_id', 'BA-mia')])).status).toBe(
      200,
    );
    expect((await push(owner.call, [cell(owner, 'audit_log', 'A-mia', 'details', '{}')])).status).toBe(200);
    const res = await push(admin.call, [{ kind: 'purgeRequest', hlc: hlcAt(admin.deviceId), contactId: 'c-mia2' }]);
    expect(res.status).toBe(200);
    const dump = await hub.dump();
    expect(dump.tables.contacts.some((c) => c.id === 'c-mia2')).toBe(false);
    expect(dump.purged).toContain('c-mia2');
  });
});
