// Invites, joins, members and roles at the hub (issue 15, hub side), against a real hub on embedded PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateInviteResponse,
  HubStatus,
  InvitePayload,
  JoinResponse,
  MembersResponse,
} from '../../shared/sync/protocol.ts';
import { APP_PROTOCOL, startTestHub, type JoinedDevice, type TestHub } from '../helpers/hubServer.ts';
import { contactCells, push } from './fixtures.ts';

let clock = Date.now();
let hub: TestHub;
let owner: JoinedDevice;
let admin: JoinedDevice;

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  owner = await hub.join('owner', 'Olga');
  admin = await hub.join('admin', 'Ana');
});
afterAll(async () => {
  await hub?.stop();
});

const secretOf = (code: string) =>
  InvitePayload.parse(JSON.parse(Buffer.from(code.slice(5), 'base64url').toString('utf8'))).secret;

function joinWith(code: string, memberName = 'Someone') {
  return fetch(`${hub.url}/v1/join`, {
    method: 'POST',
    headers: { ...APP_PROTOCOL, 'Content-Type': 'application/json' },
    body: JSON.stringify({ workspaceId: hub.workspaceId, secret: secretOf(code), memberName, deviceName: 'laptop' }),
  });
}

async function members(device: JoinedDevice) {
  return MembersResponse.parse(await (await device.call('/v1/members')).json()).members;
}

describe('invites and joining', () => {
  it('joins with a good invite: member, device, role and a token the hub keeps only hashed', async () => {
    const code = await hub.inviteCode('member');
    const res = await joinWith(code, 'Ben');
    expect(res.status).toBe(200);
    const joined = JoinResponse.parse(await res.json());
    expect(joined.role).toBe('member');
    expect(Buffer.from(joined.deviceToken, 'base64url')).toHaveLength(32);
    const stored = await hub.hub.db.query('SELECT token_hash FROM devices WHERE device_id = $1', [joined.deviceId]);
    expect(stored.rows[0].token_hash).not.toContain(joined.deviceToken);
    expect(stored.rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    const status = HubStatus.parse(
      await (
        await fetch(`${hub.url}/v1/status`, { headers: { ...APP_PROTOCOL, Authorization: `Bearer ${joined.deviceToken}` } })
      ).json(),
    );
    expect(status.you).toEqual({ memberId: joined.memberId, deviceId: joined.deviceId, role: 'member' });
  });

  it('refuses an invite used once already (INVITE_USED) and one past its expiry (INVITE_EXPIRED)', async () => {
    const code = await hub.inviteCode('member');
    expect((await joinWith(code)).status).toBe(200);
    const again = await joinWith(code);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'INVITE_USED' });

    const expiring = await hub.inviteCode('member', { ttlMs: 60_000 });
    clock += 61_000;
    const late = await joinWith(expiring);
    expect(late.status).toBe(410);
    expect(await late.json()).toMatchObject({ code: 'INVITE_EXPIRED' });
  });

  it('refuses a made-up secret and a bad join body as typed errors', async () => {
    const forged = await fetch(`${hub.url}/v1/join`, {
      method: 'POST',
      headers: { ...APP_PROTOCOL, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        workspaceId: hub.workspaceId,
        secret: 'x'.repeat(32),
        memberName: 'Eve',
        deviceName: 'pc',
      }),
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    const bad = await fetch(`${hub.url}/v1/join`, {
      method: 'POST',
      headers: APP_PROTOCOL,
      body: JSON.stringify({ workspaceId: hub.workspaceId }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION' });
  });

  it('makes invites for owners and admins only (an admin cannot invite an owner)', async () => {
    const member = await hub.join('member', 'Mia');
    const viewer = await hub.join('viewer', 'Vic');
    for (const device of [member, viewer]) {
      const res = await device.call('/v1/invites', { method: 'POST', body: JSON.stringify({ role: 'member' }) });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'FORBIDDEN' });
    }
    const byAdmin = await admin.call('/v1/invites', { method: 'POST', body: JSON.stringify({ role: 'viewer' }) });
    expect(byAdmin.status).toBe(200);
    const invite = CreateInviteResponse.parse(await byAdmin.json());
    expect(invite.expiresAt).toBe(clock + 7 * 24 * 3600_000);
    expect((await joinWith(invite.code, 'Viv')).status).toBe(200);
    const ownerByAdmin = await admin.call('/v1/invites', { method: 'POST', body: JSON.stringify({ role: 'owner' }) });
    expect(ownerByAdmin.status).toBe(403);
    expect((await owner.call('/v1/invites', { method: 'POST', body: JSON.stringify({ role: 'owner' }) })).status).toBe(
      200,
    );
  });
});

describe('members, roles and devices', () => {
  it('lists members with their devices to everyone in the team', async () => {
    const list = await members(admin);
    expect(list.find((m) => m.memberId === owner.memberId)).toMatchObject({ name: 'Olga', role: 'owner' });
    expect(list.find((m) => m.memberId === admin.memberId)?.devices).toEqual([
      expect.objectContaining({ deviceId: admin.deviceId, revoked: false }),
    ]);
  });

  it('lets owners and admins change roles; members and viewers are refused', async () => {
    const target = await hub.join('member', 'Tom');
    const member = await hub.join('member', 'Max');
    const refused = await member.call(`/v1/members/${target.memberId}`, {
      method: 'PATCH',
      body: JSON.stringify({ role: 'admin' }),
    });
    expect(refused.status).toBe(403);
    const byAdmin = await admin.call(`/v1/members/${target.memberId}`, {
      method: 'PATCH',
      body: JSON.stringify({ role: 'viewer' }),
    });
    expect(byAdmin.status).toBe(200);
    expect((await members(owner)).find((m) => m.memberId === target.memberId)?.role).toBe('viewer');
    // the new role holds at once: a viewer cannot push
    const push1 = await push(target.call, contactCells(target.deviceId, 'c-by-viewer'));
    expect(push1.status).toBe(403);
  });

  it('an admin cannot remove, demote or promote to owner; the last owner cannot be demoted or removed', async () => {
    const asAdmin = (p: string, init: RequestInit) => admin.call(p, init);
    expect((await asAdmin(`/v1/members/${owner.memberId}`, { method: 'DELETE' })).status).toBe(403);
    expect(
      (await asAdmin(`/v1/members/${owner.memberId}`, { method: 'PATCH', body: JSON.stringify({ role: 'member' }) }))
        .status,
    ).toBe(403);
    expect(
      (await asAdmin(`/v1/members/${admin.memberId}`, { method: 'PATCH', body: JSON.stringify({ role: 'owner' }) }))
        .status,
    ).toBe(403);
    const lastOwners = (await members(owner)).filter((m) => m.role === 'owner' && m.removedAt === null);
    // another owner joined through the owner's invite above? make the count exact first
    for (const other of lastOwners.filter((m) => m.memberId !== owner.memberId)) {
      expect((await owner.call(`/v1/members/${other.memberId}`, { method: 'DELETE' })).status).toBe(200);
    }
    const demote = await owner.call(`/v1/members/${owner.memberId}`, {
      method: 'PATCH',
      body: JSON.stringify({ role: 'admin' }),
    });
    expect(demote.status).toBe(403);
    expect(await demote.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('last owner') });
    expect((await owner.call(`/v1/members/${owner.memberId}`, { method: 'DELETE' })).status).toBe(403);
    expect((await members(owner)).find((m) => m.memberId === owner.memberId)?.role).toBe('owner');
  });

  it('removing a member or revoking a device stops its token at once (UNAUTHORIZED)', async () => {
    const gone = await hub.join('member', 'Gus');
    const lost = await hub.join('member', 'Lea');
    expect((await admin.call(`/v1/members/${gone.memberId}`, { method: 'DELETE' })).status).toBe(200);
    expect(
      (await admin.call(`/v1/members/${lost.memberId}/devices/${lost.deviceId}`, { method: 'DELETE' })).status,
    ).toBe(200);
    for (const device of [gone, lost]) {
      const res = await device.call('/v1/pull?after=0');
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    const list = await members(admin);
    // a removed member stays listed, with when, and their devices keep their names (what they did keeps its name)
    expect(list.find((m) => m.memberId === gone.memberId)).toEqual({
      memberId: gone.memberId,
      name: 'Gus',
      role: 'member',
      removedAt: clock,
      devices: [{ deviceId: gone.deviceId, name: "Gus's laptop", lastSeenAt: expect.any(Number), revoked: true }],
    });
    expect(list.find((m) => m.memberId === lost.memberId)).toMatchObject({ removedAt: null });
    expect(list.find((m) => m.memberId === lost.memberId)?.devices[0]?.revoked).toBe(true);
    // removed already: a second removal is NOT_FOUND, and the list is unchanged
    expect((await admin.call(`/v1/members/${gone.memberId}`, { method: 'DELETE' })).status).toBe(404);
    expect(await members(admin)).toEqual(list);
    expect((await admin.call('/v1/members/nobody', { method: 'DELETE' })).status).toBe(404);
  });

  it('changes the retention period for owners and admins only', async () => {
    const member = await hub.join('member', 'Rui');
    const refused = await member.call('/v1/settings', { method: 'PUT', body: JSON.stringify({ retentionDays: 1 }) });
    expect(refused.status).toBe(403);
    const ok = await admin.call('/v1/settings', { method: 'PUT', body: JSON.stringify({ retentionDays: 30 }) });
    expect(await ok.json()).toEqual({ retentionDays: 30 });
    expect(HubStatus.parse(await (await member.call('/v1/status')).json()).retentionDays).toBe(30);
    const bad = await admin.call('/v1/settings', { method: 'PUT', body: JSON.stringify({ retentionDays: 0 }) });
    expect(bad.status).toBe(400);
  });

  it('refuses requests without a token or with an unknown one', async () => {
    expect((await fetch(`${hub.url}/v1/status`, { headers: APP_PROTOCOL })).status).toBe(401);
    const res = await fetch(`${hub.url}/v1/pull?after=0`, { headers: { ...APP_PROTOCOL, Authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
