// Rejoining a team (docs/sync.md, "Rejoining"): a database that left and joins the same workspace again is
// the same device of the same member (one device in the members list, the same "on Ana's laptop"), its
// clock going on after every time it used before; a revoked device, a removed member, or another person on
// that database never gets the old device back. Against a real hub on embedded PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TeamMembers } from '../../shared/contract.ts';
import { expectConverged, replica, type Replica } from './replicas.ts';
import { startTeamHub, type TeamHub } from './teamHub.ts';
import { APP_PROTOCOL } from '../helpers/hubServer.ts';

let hub: TeamHub;
let open: Replica[] = [];
beforeAll(async () => {
  hub = await startTeamHub();
});
afterAll(async () => {
  await hub?.stop();
});
afterEach(async () => {
  for (const r of open) await r.cleanup();
  open = [];
});
const make = async (name: string, role: 'owner' | 'admin' | 'member' | 'viewer') => {
  const r = await replica(name, hub, { role });
  open.push(r);
  return r;
};
const ids = (r: Replica) =>
  r.core.db.prepare('SELECT member_id AS memberId, device_id AS deviceId, role FROM sync_state').get() as {
    memberId: string;
    deviceId: string;
    role: string;
  };
const rejoin = async (r: Replica, role: 'owner' | 'admin' | 'member' | 'viewer', memberName = r.name) =>
  r.call('team.join', { inviteCode: await hub.inviteCode(role), memberName, deviceName: `${r.name}-laptop` });
const formerToken = (r: Replica) =>
  r.core.db.prepare('SELECT device_token FROM sync_former_device').pluck().get() as string;
const hubDevices = async (memberId: string) =>
  (
    await hub.hub.hub.db.query<{ device_id: string; revoked: boolean }>(
      'SELECT device_id, revoked_at IS NOT NULL AS revoked FROM devices WHERE member_id = $1 ORDER BY created_at',
      [memberId],
    )
  ).rows;
const status = (token: string) =>
  fetch(`${hub.url}/v1/status`, { headers: { ...APP_PROTOCOL, Authorization: `Bearer ${token}` } }).then((res) => res.status);

describe('rejoining a team', () => {
  it('a member who leaves and joins again is the same device of the same member, with a new credential', async () => {
    const olga = await make('Olga', 'owner');
    const ana = await make('Ana', 'admin');
    const c = await ana.createContact({ firstName: 'Before', lastName: 'Leave', email: 'before@x.org' });
    await ana.sync();
    const before = ids(ana);
    const clockBefore = (
      await hub.hub.hub.db.query<{ hlc: string }>('SELECT max(hlc) AS hlc FROM messages WHERE device_id = $1', [
        before.deviceId,
      ])
    ).rows[0]!.hlc;

    await ana.call('team.leave', {});
    const oldToken = formerToken(ana);
    expect(await status(oldToken)).toBe(200); // leaving does not tell the hub: the device is still the team's
    // joins again with a member's invite: same member and device, the role she had (admin), not the invite's
    await rejoin(ana, 'member');
    expect(ids(ana)).toEqual(before);
    expect(ana.core.db.prepare('SELECT count(*) FROM sync_former_device').pluck().get()).toBe(0);
    expect(await hubDevices(before.memberId)).toEqual([{ device_id: before.deviceId, revoked: false }]);
    expect(await status(oldToken)).toBe(401); // the credential kept at leave was replaced
    const list = await olga.call<TeamMembers>('team.members', {});
    expect(list.members.filter((m) => m.name === 'Ana')).toEqual([
      expect.objectContaining({
        memberId: before.memberId,
        role: 'admin',
        removedAt: null,
        devices: [expect.objectContaining({ deviceId: before.deviceId, name: 'Ana-laptop', revoked: false })],
      }),
    ]);
    // every time the device uses after rejoining comes after every time it used before
    const firstAfter = (
      await hub.hub.hub.db.query<{ hlc: string; n: string }>(
        'SELECT min(hlc) AS hlc, count(*) AS n FROM messages WHERE device_id = $1 AND hlc > $2',
        [before.deviceId, clockBefore],
      )
    ).rows[0]!;
    expect(Number(firstAfter.n)).toBeGreaterThan(0);
    expect(
      Number(
        (
          await hub.hub.hub.db.query<{ n: string }>(
            'SELECT count(*) AS n FROM messages WHERE device_id = $1 AND hlc <= $2',
            [before.deviceId, clockBefore],
          )
        ).rows[0]!.n,
      ),
    ).toBeGreaterThan(0);
    // her re-uploaded rows and new work converge with everyone; the contact is one contact, not two
    await ana.call('contacts.update', { id: c.id, company: 'After Co' });
    await ana.sync();
    await olga.sync();
    expect(olga.row('contacts', c.id)).toMatchObject({ company: 'After Co' });
    expect(olga.core.db.prepare("SELECT count(*) FROM contacts WHERE email = 'before@x.org'").pluck().get()).toBe(1);
    expectConverged(await hub.dump(), [olga, ana]);
  });

  it('a revoked device never comes back: joining again makes a new device, the old one stays revoked', async () => {
    const olga = await make('Olga2', 'owner');
    const cy = await make('Cy', 'member');
    const before = ids(cy);
    await olga.call('team.revokeDevice', { memberId: before.memberId, deviceId: before.deviceId });
    await cy.call('team.leave', {});
    await rejoin(cy, 'member');
    const after = ids(cy);
    expect(after.deviceId).not.toBe(before.deviceId);
    expect(after.memberId).not.toBe(before.memberId);
    expect(await hubDevices(before.memberId)).toEqual([{ device_id: before.deviceId, revoked: true }]);
    expect(await hubDevices(after.memberId)).toEqual([{ device_id: after.deviceId, revoked: false }]);
  });

  it('a removed member, or another person on the same database, gets a new member and device', async () => {
    const olga = await make('Olga3', 'owner');
    const dee = await make('Dee', 'member');
    const eve = await make('Eve', 'member');
    const deeBefore = ids(dee);
    await olga.call('team.removeMember', { memberId: deeBefore.memberId });
    await dee.call('team.leave', {});
    await rejoin(dee, 'viewer');
    expect(ids(dee).memberId).not.toBe(deeBefore.memberId);
    expect(ids(dee).deviceId).not.toBe(deeBefore.deviceId);
    expect(ids(dee).role).toBe('viewer');

    // Eve's laptop goes to Finn, who joins under his own name: he is not Eve
    const eveBefore = ids(eve);
    await eve.call('team.leave', {});
    const oldToken = formerToken(eve);
    await rejoin(eve, 'member', 'Finn');
    expect(ids(eve).memberId).not.toBe(eveBefore.memberId);
    expect(ids(eve).deviceId).not.toBe(eveBefore.deviceId);
    expect(await status(oldToken)).toBe(200); // Eve's device is untouched (an admin may revoke it)
  });
});
