// Team administration through a member's core (issue 15): team.members, team.invite, team.setRole,
// team.removeMember, team.revokeDevice against a real hub on embedded PostgreSQL; the device credential
// sealed by a vault when the app has one (Electron's safeStorage), and typed errors a person can act on.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TeamMembers } from '../../shared/contract.ts';
import { startTeamHub, type TeamHub } from './teamHub.ts';
import { replica, type Replica } from './replicas.ts';

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
const make = async (name: string, role: 'owner' | 'admin' | 'member' | 'viewer', join = true) => {
  const r = await replica(name, hub, { role, join });
  open.push(r);
  return r;
};
/** The typed error a channel answers (the test fails if it succeeds). */
async function refusal(r: Replica, channel: string, input: unknown) {
  const env = await r.core.dispatcher.call(channel, input);
  if (env.ok) throw new Error(`${channel} was allowed`);
  return env.error;
}
const byName = (list: TeamMembers, name: string) => list.members.find((m) => m.name === name)!;

describe('team administration from the app', () => {
  it('an admin lists members with roles and devices, invites a member who joins with the code, changes the role and removes them', async () => {
    const ana = await make('Ana', 'admin');
    const list = await ana.call<TeamMembers>('team.members', {});
    expect(list.you).toMatchObject({ name: 'Ana', role: 'admin' });
    expect(list.hub.url).toBe(hub.url);
    expect(byName(list, 'Ana')).toMatchObject({
      role: 'admin',
      you: true,
      devices: [{ name: 'Ana-laptop', revoked: false }],
    });

    const invite = await ana.call<{ code: string; role: string; expiresAt: number }>('team.invite', { role: 'member' });
    expect(invite.code).toMatch(/^kyr1\./);
    expect(invite.role).toBe('member');
    const ben = await make('Ben', 'member', false);
    await ben.call('team.join', { inviteCode: invite.code, memberName: 'Ben', deviceName: 'Ben-laptop' });
    const withBen = await ana.call<TeamMembers>('team.members', {});
    const benRow = byName(withBen, 'Ben');
    expect(benRow).toMatchObject({ role: 'member', you: false, devices: [{ name: 'Ben-laptop', revoked: false }] });

    const promoted = await ana.call<TeamMembers>('team.setRole', { memberId: benRow.memberId, role: 'viewer' });
    expect(byName(promoted, 'Ben').role).toBe('viewer');
    // Ben's machine learns its new role from the hub's list, and its status says so
    await ben.call('team.members', {});
    expect(await ben.call('team.status', {})).toMatchObject({ hub: { role: 'viewer' } });

    const after = await ana.call<TeamMembers>('team.removeMember', { memberId: benRow.memberId });
    // Ben stays listed as removed (with when), his laptop named, so what he did keeps his name
    expect(byName(after, 'Ben')).toMatchObject({
      removedAt: expect.any(Number),
      devices: [{ name: 'Ben-laptop', revoked: true }],
    });
    expect(after.members.filter((m) => m.removedAt === null).map((m) => m.name)).not.toContain('Ben');
    const gone = await refusal(ben, 'team.members', {});
    expect(gone.code).toBe('UNAUTHORIZED');
    expect(gone.message).toMatch(/removed from this team/);
  });

  it('a member cannot invite, change roles, remove or revoke: FORBIDDEN, saying who can', async () => {
    const ana = await make('Ana2', 'admin');
    const carl = await make('Carl', 'member');
    const anaId = byName(await carl.call<TeamMembers>('team.members', {}), 'Ana2').memberId;
    for (const [channel, input] of [
      ['team.invite', { role: 'member' }],
      ['team.setRole', { memberId: anaId, role: 'viewer' }],
      ['team.removeMember', { memberId: anaId }],
    ] as const) {
      const e = await refusal(carl, channel, input);
      expect(e.code, channel).toBe('FORBIDDEN');
      expect(e.message, channel).toMatch(/^You cannot .+Only owners and admins can .+; you are a member\./);
    }
    const anaDevice = byName(await ana.call<TeamMembers>('team.members', {}), 'Ana2').devices[0]!.deviceId;
    expect((await refusal(carl, 'team.revokeDevice', { memberId: anaId, deviceId: anaDevice })).code).toBe('FORBIDDEN');
    // nothing changed at the hub
    expect(byName(await ana.call<TeamMembers>('team.members', {}), 'Ana2')).toMatchObject({
      role: 'admin',
      devices: [{ revoked: false }],
    });
  });

  it('an admin revokes a stolen laptop: that device can no longer sync or administer; the member keeps other devices', async () => {
    const ana = await make('Ana3', 'admin');
    const dan = await make('Dan', 'member');
    const danRow = byName(await ana.call<TeamMembers>('team.members', {}), 'Dan');
    const list = await ana.call<TeamMembers>('team.revokeDevice', {
      memberId: danRow.memberId,
      deviceId: danRow.devices[0]!.deviceId,
    });
    expect(byName(list, 'Dan').devices).toMatchObject([{ revoked: true }]);
    const e = await refusal(dan, 'team.members', {});
    expect(e).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(e.message).toMatch(/revoked/);
    await dan.createContact({ firstName: 'Offline', lastName: 'Work' });
    await expect(dan.sync()).rejects.toThrow(/revoked/);
    expect(await dan.call('team.status', {})).toMatchObject({ state: 'error', pendingChanges: expect.any(Number) });
  });

  it('offline: UNAVAILABLE saying to try again when online; solo: NOT_FOUND saying to join first; bad input: VALIDATION', async () => {
    const ana = await make('Ana4', 'admin');
    ana.cut();
    const e = await refusal(ana, 'team.invite', { role: 'member' });
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.message).toMatch(/try this again when you are online/);
    ana.cut(false);
    const solo = await make('Solo', 'member', false);
    expect(await refusal(solo, 'team.members', {})).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/join a hub first/),
    });
    expect(await refusal(ana, 'team.invite', { role: 'boss' })).toMatchObject({ code: 'VALIDATION' });
    expect(await refusal(ana, 'team.setRole', { memberId: '', role: 'admin' })).toMatchObject({ code: 'VALIDATION' });
  });

  it("with a vault (Electron's safeStorage), the device credential is stored sealed, and sync and administration still work", async () => {
    const seal = (s: string) => Buffer.from(s.split('').reverse().join('')).toString('base64');
    const openSealed = (s: string) => Buffer.from(s, 'base64').toString().split('').reverse().join('');
    const eve = await make('Eve', 'admin', false);
    eve.core.ctx.vault = { seal, open: openSealed };
    await eve.join();
    const stored = eve.core.db.prepare('SELECT device_token FROM sync_state').pluck().get() as string;
    expect(stored).toMatch(/^sealed:/);
    const token = openSealed(stored.slice('sealed:'.length));
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(stored).not.toContain(token);
    expect((await eve.call<TeamMembers>('team.members', {})).you.name).toBe('Eve');
    await eve.createContact({ firstName: 'Sealed' });
    await eve.sync();
    expect(await eve.call('team.status', {})).toMatchObject({ state: 'synced', pendingChanges: 0 });
    // The database file copied to another machine (no vault there) cannot use the credential.
    eve.core.ctx.vault = undefined;
    expect(await refusal(eve, 'team.members', {})).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/new invite/) });
  });
});

describe('who did it, and on which computer', () => {
  it('a deletion and a bulk delete made on Ana’s laptop name Ana and that device on Ben’s machine', async () => {
    const ana = await make('Ana5', 'admin');
    const ben = await make('Ben5', 'member');
    const one = await ana.createContact({ firstName: 'One' });
    const two = await ana.createContact({ firstName: 'Two' });
    const deletion = await ana.deleteOne(one.id);
    const bulk = await ana.bulkDelete([two.id]);
    await ana.sync();
    await ben.sync();
    const anaDevice = byName(await ben.call<TeamMembers>('team.members', {}), 'Ana5').devices[0]!;
    expect(anaDevice.name).toBe('Ana5-laptop');
    expect(ben.row('deletions', deletion)).toMatchObject({ deleted_by: 'Ana5' });
    expect(ben.row('bulk_actions', bulk)).toMatchObject({ created_by: 'Ana5' });
    expect(await ben.call('team.devicesOf', { table: 'deletions', ids: [deletion, 'unknown'] })).toEqual({
      [deletion]: anaDevice.deviceId,
    });
    expect(await ben.call('team.devicesOf', { table: 'bulk_actions', ids: [bulk] })).toEqual({
      [bulk]: anaDevice.deviceId,
    });
    const audit = ben.core.db
      .prepare("SELECT actor FROM audit_log WHERE action IN ('delete', 'bulk_delete') ORDER BY at")
      .pluck()
      .all();
    expect(audit).toEqual(['Ana5', 'Ana5']);
  });
});
