// The role's limits on a member's own machine (issue 15): in team mode the core refuses up front, with a
// typed FORBIDDEN that says who may, what the hub would refuse anyway; nothing changes here and nothing is
// queued for the hub. Real replica cores (SQLite files) joined to a real hub on embedded PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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
const make = async (name: string, role: 'owner' | 'admin' | 'member' | 'viewer' | null) => {
  const r = await replica(name, hub, { role: role ?? 'owner', join: role !== null });
  open.push(r);
  return r;
};
const outbox = (r: Replica) => r.core.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get() as number;
const answer = (r: Replica, channel: string, input: unknown) => r.core.dispatcher.call(channel, input);

describe('what a role may do, refused by the member’s own core', () => {
  it('a member deletes and restores, but cannot delete permanently, change the retention period, or restore another’s bulk delete', async () => {
    const admin = await make('Ada', 'admin');
    const member = await make('Max', 'member');
    const mine = await member.createContact({ firstName: 'Mine' });
    const deletion = await member.deleteOne(mine.id);
    await member.sync();
    expect(outbox(member)).toBe(0);

    const purge = await answer(member, 'restore.purge', { ids: [mine.id], confirm: 'DELETE' });
    expect(purge).toEqual({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: "Only the team's owners and admins can delete contacts permanently; you are a member.",
      },
    });
    expect(outbox(member)).toBe(0); // no purgeRequest queued
    expect(member.row('contacts', mine.id)).toMatchObject({ deletion_id: deletion });
    expect((await answer(member, 'lifecycle.purgeExpired', {})).ok).toBe(false);

    const retention = await answer(member, 'settings.update', { retentionDays: 5 });
    expect(retention).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: /change the retention period; you are a member/ },
    });
    expect(await member.call('settings.get', {})).toMatchObject({ retentionDays: 60 });
    expect((await answer(member, 'settings.update', { phoneRegion: 'GB' })).ok).toBe(true); // this computer's own
    // the name on what a member does is the member's: it does not change here
    expect(await answer(member, 'settings.update', { profileName: 'Someone else' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: /recorded under the name you joined with \(Max\)/ },
    });
    expect((await answer(member, 'settings.update', { profileName: 'Max' })).ok).toBe(true);

    // Another member's bulk delete arrives; the member cannot restore it, but can restore their own.
    const theirs = await admin.createContact({ firstName: 'Theirs' });
    const bulk = await admin.bulkDelete([theirs.id]);
    await admin.sync();
    await member.sync();
    expect(member.row('bulk_actions', bulk)).toMatchObject({ created_by: 'Ada' });
    const refused = await answer(member, 'bulkActions.restore', { id: bulk });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: "Only the team's owners and admins can restore a bulk action made by someone else; you are a member.",
      },
    });
    expect(member.row('contacts', theirs.id)).toMatchObject({ deleted_at: expect.any(Number) });
    const own = await member.createContact({ firstName: 'Own bulk' });
    const ownBulk = await member.bulkDelete([own.id]);
    expect((await answer(member, 'bulkActions.restore', { id: ownBulk })).ok).toBe(true);
    expect((await answer(member, 'restore.deletion', { deletionId: deletion })).ok).toBe(true);
  });

  it('a viewer can look but not change anything: every change refused, nothing written or queued', async () => {
    const owner = await make('Olga', 'owner');
    const c = await owner.createContact({ firstName: 'Seen' });
    await owner.sync();
    const viewer = await make('Vic', 'viewer');
    const before = viewer.core.db.prepare('SELECT count(*) FROM contacts').pluck().get();
    const tries: [string, unknown][] = [
      ['contacts.create', { firstName: 'New' }],
      ['contacts.update', { id: c.id, firstName: 'Changed' }],
      ['related.create', { kind: 'note', contactId: c.id, body: 'x' }],
      ['contacts.deleteOne', { id: c.id }],
      ['contacts.delete', { ids: [c.id] }],
      ['sample.load', {}],
    ];
    for (const [channel, input] of tries) {
      expect(await answer(viewer, channel, input), channel).toEqual({
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message: 'You are a viewer in this team: viewers can look but not change anything.',
        },
      });
    }
    expect(viewer.core.db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(before);
    expect(viewer.row('contacts', c.id)).toMatchObject({ first_name: 'Seen', deleted_at: null });
    expect(outbox(viewer)).toBe(0);
    expect((await answer(viewer, 'contacts.list', {})).ok).toBe(true);
  });

  it('an admin deletes permanently (a purge request for the hub); a solo database is its owner’s', async () => {
    const admin = await make('Ann', 'admin');
    const c = await admin.createContact({ firstName: 'Gone' });
    await admin.deleteOne(c.id);
    await admin.sync();
    expect((await answer(admin, 'restore.purge', { ids: [c.id], confirm: 'DELETE' })).ok).toBe(true);
    expect(admin.core.db.prepare("SELECT count(*) FROM sync_outbox WHERE kind = 'purgeRequest'").pluck().get()).toBe(1);
    await admin.sync();
    expect(admin.row('contacts', c.id)).toBeUndefined();

    const solo = await make('Solo', null);
    const s = await solo.createContact({ firstName: 'Solo' });
    await solo.deleteOne(s.id);
    expect((await answer(solo, 'settings.update', { retentionDays: 30 })).ok).toBe(true);
    expect(await answer(solo, 'restore.purge', { ids: [s.id], confirm: 'DELETE' })).toMatchObject({
      ok: true,
      result: { purged: 1 },
    });
  });
  it('a member made a viewer at the hub: the next push is refused and undone, and the role here follows the hub', async () => {
    const admin = await make('Adele', 'admin');
    const member = await make('Mo', 'member');
    const c = await member.createContact({ firstName: 'Before' });
    await member.sync();
    const mo = (await admin.call<TeamMembers>('team.members', {})).members.find((m) => m.name === 'Mo')!;
    await admin.call('team.setRole', { memberId: mo.memberId, role: 'viewer' });
    // Mo's machine still believes 'member': the change is made here, then refused by the hub
    await member.call('contacts.update', { id: c.id, firstName: 'After' });
    await member.sync();
    expect(member.row('contacts', c.id)).toMatchObject({ first_name: 'Before' });
    await vi.waitFor(() => expect(member.core.db.prepare('SELECT role FROM sync_state').pluck().get()).toBe('viewer'));
    expect(await member.call('team.status', {})).toMatchObject({
      hub: { role: 'viewer' },
      refused: expect.stringMatching(/refused by the hub/),
    });
    expect(await answer(member, 'contacts.update', { id: c.id, firstName: 'Again' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
  it("the retention period is the team's: an admin's save goes to the hub first (offline: nothing changes), and members' machines take it", async () => {
    const admin = await make('Ari', 'admin');
    admin.cut();
    expect(await answer(admin, 'settings.update', { retentionDays: 45 })).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: /kept by the hub, which cannot be reached now/ },
    });
    expect(await admin.call('settings.get', {})).toMatchObject({ retentionDays: 60 });
    admin.cut(false);
    expect(await answer(admin, 'settings.update', { retentionDays: 45 })).toMatchObject({
      ok: true,
      result: { retentionDays: 45 },
    });
    const member = await make('Mia', 'member'); // her first sync asks the hub's status
    await vi.waitFor(async () => expect(await member.call('settings.get', {})).toMatchObject({ retentionDays: 45 }));
    expect(await answer(admin, 'settings.update', { retentionDays: 60 })).toMatchObject({ ok: true });
  });
});
