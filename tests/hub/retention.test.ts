// Purges in team mode: on the hub's clock only, final everywhere (tombstones drop late messages), and an
// admin's Delete permanently turned into a purge. docs/sync.md, "Retention in team mode" and "Purge".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponse, PushResponse, type SyncMessage } from '../../shared/sync/protocol.ts';
import { startTestHub, type JoinedDevice, type TestHub } from '../helpers/hubServer.ts';
import { contactCells, del, hlcAt, noteCells, push } from './fixtures.ts';

const DAY = 24 * 60 * 60 * 1000;
const clock = Date.now();
let hub: TestHub;
let admin: JoinedDevice;
let ben: JoinedDevice;

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  admin = await hub.join('admin', 'Ana');
  ben = await hub.join('member', 'Ben');
});
afterAll(async () => {
  await hub?.stop();
});

async function pullAll(device: JoinedDevice) {
  const res = await device.call('/v1/pull?after=0');
  return PullResponse.parse(await res.json()).messages;
}

const namesContact = (contactId: string) => (m: { message: SyncMessage }) => m.message.contactId === contactId;

describe('retention on the hub clock', () => {
  it('purges a contact the hub received the deletion of more than 60 days ago, with its rows and messages', async () => {
    const t = clock;
    await push(ben.call, [
      ...contactCells(ben.deviceId, 'c-old', {}, t),
      ...noteCells(ben.deviceId, 'n-old', 'c-old', 'x', t),
    ]);
    await push(ben.call, [
      del(ben.deviceId, 'contacts', 'c-old', 'c-old', 'D-old', t),
      del(ben.deviceId, 'notes', 'n-old', 'c-old', 'D-old', t),
    ]);
    await push(ben.call, contactCells(ben.deviceId, 'c-live', {}, t));

    expect(await hub.runRetention(t + 60 * DAY - 1000)).toBe(0);
    expect(await hub.runRetention(t + 60 * DAY + 1000)).toBe(1);

    const dump = await hub.dump();
    expect(dump.purged).toEqual(['c-old']);
    expect(dump.tables.contacts.map((c) => c.id)).toEqual(['c-live']);
    expect(dump.tables.notes).toEqual([]);
    const log = (await pullAll(admin)).filter(namesContact('c-old'));
    // purge erases the bodies: only the purge itself (ids only, made by the hub) is left
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ memberId: null, deviceId: null, message: { kind: 'purge', contactId: 'c-old' } });
    expect(Object.keys(log[0]!.message).sort()).toEqual(['contactId', 'hlc', 'kind', 'rows']);
    // the related rows it erased, by id (a move racing the purge: docs/sync.md)
    expect(log[0]!.message).toMatchObject({ rows: [{ table: 'notes', pk: 'n-old' }] });
    const stored = await hub.hub.db.query(
      "SELECT count(*)::int AS n FROM messages WHERE body::text LIKE '%c-old%' AND kind <> 'purge'",
    );
    expect(stored.rows[0].n).toBe(0);
  });

  it('drops every later message of a purged contact: a late push, an offline member, a restored backup', async () => {
    const late = [
      {
        kind: 'cell',
        hlc: hlcAt(ben.deviceId, clock - 90 * DAY),
        table: 'contacts',
        pk: 'c-old',
        contactId: 'c-old',
        column: 'company',
        value: 'edited offline',
      },
      ...noteCells(ben.deviceId, 'n-new', 'c-old', 'added offline'),
      ...contactCells(ben.deviceId, 'c-old'),
    ] as SyncMessage[];
    const res = PushResponse.parse(
      await (await push(ben.call, [...late, ...contactCells(ben.deviceId, 'c-fresh')])).json(),
    );
    expect(res.dropped).toBe(late.length);
    expect(res.accepted).toBe(contactCells(ben.deviceId, 'c-fresh').length);
    const dump = await hub.dump();
    expect(dump.tables.contacts.map((c) => c.id)).toEqual(['c-fresh', 'c-live']);
    expect(dump.tables.notes).toEqual([]);
    expect((await pullAll(admin)).filter(namesContact('c-old'))).toHaveLength(1);
  });

  it("never counts from a member's clock: a deletion dated long ago by a slow clock waits its 60 days from the hub's receipt", async () => {
    const t = clock;
    await push(ben.call, contactCells(ben.deviceId, 'c-slow', {}, t - 200 * DAY));
    await push(ben.call, [del(ben.deviceId, 'contacts', 'c-slow', 'c-slow', 'D-slow', t - 100 * DAY)]);
    expect(await hub.runRetention(t + DAY)).toBe(0);
    expect((await hub.dump()).tables.contacts.find((c) => c.id === 'c-slow')).toMatchObject({ deletion_id: 'D-slow' });
    expect(await hub.runRetention(t + 61 * DAY)).toBe(1);
  });

  it('uses the retention period owners and admins set (30 days)', async () => {
    const t = clock;
    await push(ben.call, [
      ...contactCells(ben.deviceId, 'c-30', {}, t),
      del(ben.deviceId, 'contacts', 'c-30', 'c-30', 'D-30', t),
    ]);
    expect(
      (await admin.call('/v1/settings', { method: 'PUT', body: JSON.stringify({ retentionDays: 30 }) })).status,
    ).toBe(200);
    expect(await hub.runRetention(t + 29 * DAY)).toBe(0);
    expect(await hub.runRetention(t + 31 * DAY)).toBe(1);
    expect((await hub.dump()).purged).toContain('c-30');
  });

  it('does not purge a deleted contact that was restored', async () => {
    const t = clock;
    await push(ben.call, [
      ...contactCells(ben.deviceId, 'c-back', {}, t),
      del(ben.deviceId, 'contacts', 'c-back', 'c-back', 'D-back', t),
    ]);
    await push(ben.call, [
      {
        kind: 'restore',
        hlc: hlcAt(ben.deviceId, t + 1),
        table: 'contacts',
        pk: 'c-back',
        contactId: 'c-back',
        deletionId: 'D-back',
      },
    ]);
    expect(await hub.runRetention(t + 400 * DAY)).toBe(0);
    expect((await hub.dump()).tables.contacts.find((c) => c.id === 'c-back')).toMatchObject({ deleted_at: null });
  });
});

describe('Delete permanently', () => {
  it("turns an admin's purgeRequest into a purge made in the admin's name, at once", async () => {
    await push(ben.call, contactCells(ben.deviceId, 'c-perm'));
    const res = await push(admin.call, [{ kind: 'purgeRequest', hlc: hlcAt(admin.deviceId), contactId: 'c-perm' }]);
    expect(res.status).toBe(200);
    const log = (await pullAll(ben)).filter(namesContact('c-perm'));
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ memberId: admin.memberId, message: { kind: 'purge', contactId: 'c-perm' } });
    // asked twice (a retried push): one purge only
    await push(admin.call, [{ kind: 'purgeRequest', hlc: hlcAt(admin.deviceId), contactId: 'c-perm' }]);
    expect((await pullAll(ben)).filter(namesContact('c-perm'))).toHaveLength(1);
  });
});
