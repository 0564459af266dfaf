// A stored credential this machine can no longer open (docs/sync.md, "A credential this machine cannot
// open"): the OS keychain was reset, so Electron's safeStorage cannot unseal the device's token. team.status
// says so and asks to join again with a new invite (no request is sent with a credential it cannot read);
// the old device stays listed until an owner or admin revokes it; joining again keeps everything here:
// no re-upload, the changes not yet sent go out under the new device, and every machine agrees.
// Real hub on embedded PostgreSQL, real replica cores.
import { describe, expect, it } from 'vitest';
import type { TeamMembers, TeamStatus } from '../../shared/contract.ts';
import { expectConverged, replica } from './replicas.ts';
import { useTeam } from './teamFixture.ts';

// One hub (a real one, on embedded PostgreSQL) for the file, one clock that only moves forward (teamFixture.ts).
const { clock, hub, tick, track } = useTeam();
const seal = (s: string) => Buffer.from(s.split('').reverse().join('')).toString('base64');
const openSealed = (s: string) => Buffer.from(s, 'base64').toString().split('').reverse().join('');
/** The keychain after a reset: a new key, which opens only what it sealed (as safeStorage does). */
const newKeychain = {
  seal: (s: string) => `k2.${seal(s)}`,
  open: (s: string) => {
    if (!s.startsWith('k2.')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return openSealed(s.slice(3));
  },
};
const hubMessages = () => hub().countMessages('true');
const devicesOf = (m: TeamMembers, name: string) => m.members.filter((x) => x.name === name).flatMap((x) => x.devices);

describe('a stored credential that can no longer be opened', () => {
  it('team.status asks to join again; joining again with a new invite keeps everything here and sends what was not sent', async () => {
    const ana = await replica('Ana', hub(), { now: clock, role: 'owner' });
    track(ana);
    const eve = await replica('Eve', hub(), { now: clock, role: 'member', join: false });
    track(eve);
    eve.core.ctx.vault = { seal, open: openSealed };
    await eve.join();
    const c = (await eve.createContact({ firstName: 'Shared', email: 'lost-cred@example.com' })).id;
    const kept = (await eve.addNote(c, 'sent before')).id;
    await eve.sync();
    await ana.sync();
    const oldDevice = (eve.core.db.prepare('SELECT device_id FROM sync_state').pluck().get() as string);
    tick();

    // Offline work, not yet sent; then Ana edits another column of the contact (newer), and Eve pulls it later.
    await eve.call('contacts.update', { id: c, firstName: 'Edited offline' });
    const offlineNote = (await eve.addNote(c, 'written offline')).id;
    await eve.call('related.delete', { kind: 'note', id: kept });
    const unsent = (await eve.call<TeamStatus>('team.status', {})).pendingChanges;
    expect(unsent).toBeGreaterThanOrEqual(4);
    tick();
    await ana.call('contacts.update', { id: c, company: 'Acme' });
    await ana.sync();

    // The keychain is reset: the sealed token cannot be opened any more.
    eve.core.ctx.vault = newKeychain;
    const before = await hubMessages();
    await expect(eve.sync()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const status = await eve.call<TeamStatus>('team.status', {});
    expect(status).toMatchObject({ state: 'error', action: 'rejoin', pendingChanges: unsent });
    expect(status.error).toMatch(/new invite/);
    expect(await hubMessages()).toBe(before);
    // nothing here is lost
    expect(eve.row('contacts', c)).toMatchObject({ first_name: 'Edited offline' });
    expect(eve.row('notes', offlineNote)).toMatchObject({ deleted_at: null });
    // the old device stays listed, not revoked, until an owner or admin revokes it
    const listed = devicesOf(await ana.call<TeamMembers>('team.members', {}), 'Eve');
    expect(listed.find((d) => d.deviceId === oldDevice)).toMatchObject({ revoked: false });

    // Joining again with a new invite (the new keychain seals the new token)
    const joined = await eve.call<{ uploaded: number }>('team.join', {
      inviteCode: await hub().inviteCode('member'),
      memberName: 'Eve',
      deviceName: 'Eve-laptop (again)',
    });
    expect(joined.uploaded).toBe(0);
    await eve.sync();
    await ana.sync();
    // exactly the unsent changes reached the hub: no re-upload of what it had
    expect(await hubMessages()).toBe(before + unsent);
    const after = await eve.call<TeamStatus>('team.status', {});
    expect(after).toMatchObject({ state: 'synced', pendingChanges: 0 });
    expect(after.action).toBeUndefined();
    expect(eve.core.db.prepare('SELECT device_id FROM sync_state').pluck().get()).not.toBe(oldDevice);
    for (const r of [ana, eve]) {
      expect(r.row('contacts', c), r.name).toMatchObject({ first_name: 'Edited offline', company: 'Acme' });
      expect(r.row('notes', offlineNote), r.name).toMatchObject({ deleted_at: null });
      expect(r.row('notes', kept)!.deleted_at, r.name).not.toBeNull();
    }
    expectConverged(await hub().dump(), [ana, eve]);
    // both devices are listed: the old one until Ana revokes it
    const members = await ana.call<TeamMembers>('team.members', {});
    expect(devicesOf(members, 'Eve').map((d) => d.deviceId)).toContain(oldDevice);
    expect(devicesOf(members, 'Eve')).toHaveLength(2);
  });

  it('a member whose credential is readable cannot join again over it; an invite of another team is refused', async () => {
    const eve = await replica('Eve2', hub(), { now: clock, role: 'member' });
    track(eve);
    const again = await eve.core.dispatcher.call('team.join', { inviteCode: await hub().inviteCode('member'), memberName: 'Eve2' });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/already belongs to a team/) } });
    eve.core.ctx.vault = newKeychain;
    eve.core.db.prepare("UPDATE sync_state SET device_token = 'sealed:sealed-by-the-old-keychain'").run();
    const other = `kyr1.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from((await hub().inviteCode('member')).slice(5), 'base64url').toString()), workspaceId: 'another-team' })).toString('base64url')}`;
    const refused = await eve.core.dispatcher.call('team.join', { inviteCode: other, memberName: 'Eve2' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/another team/) } });
  });
});
