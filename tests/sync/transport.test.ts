// The member's side of the transport: HTTPS pinned to the certificate fingerprint the invite carries
// (a hub with another certificate is refused before anything is sent), live wake-up through the
// hub's events stream, progress and state pushed as team.status events, and offline/back again.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TeamStatus } from '../../shared/contract.ts';
import { fakeClock } from '../helpers/core.ts';
import { otherFingerprint } from '../helpers/fingerprint.ts';
import { expectConverged, replica, type Replica } from './replicas.ts';
import { startTeamHub, type TeamHub } from './teamHub.ts';

let hub: TeamHub;
let open: Replica[] = [];
const clock = fakeClock();
beforeAll(async () => {
  hub = await startTeamHub({ now: clock, tls: true });
});
afterAll(async () => {
  await hub?.stop();
});
afterEach(async () => {
  for (const r of open) await r.cleanup();
  open = [];
});
const make = async (name: string, opts: Parameters<typeof replica>[2] = {}) => {
  const r = await replica(name, hub, { now: clock, ...opts });
  open.push(r);
  return r;
};
const until = async (what: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('team transport', () => {
  it('joins and syncs over HTTPS pinned to the invite’s fingerprint', async () => {
    expect(hub.url).toMatch(/^https:/);
    const a = await make('A');
    const b = await make('B');
    await a.createContact({ firstName: 'Over TLS' });
    await a.sync();
    await b.sync();
    expectConverged(await hub.dump(), [a, b]);
  });

  it('refuses a hub whose certificate is not the pinned one, before sending anything', async () => {
    const code = await hub.inviteCode('member');
    const payload = JSON.parse(Buffer.from(code.slice(5), 'base64url').toString('utf8')) as { certFingerprint: string };
    const forged =
      'kyr1.' +
      Buffer.from(JSON.stringify({ ...payload, certFingerprint: otherFingerprint(payload.certFingerprint) })).toString(
        'base64url',
      );
    const m = await make('M', { join: false });
    const env = await m.core.dispatcher.call('team.join', { inviteCode: forged, memberName: 'M' });
    expect(env.ok).toBe(false);
    if (!env.ok)
      expect(env.error).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/certificate/) });
    expect(await m.call('team.status', {})).toBeNull();
    // the invite was not used up: nothing reached the hub
    const ok = await m.core.dispatcher.call('team.join', { inviteCode: code, memberName: 'M' });
    expect(ok.ok).toBe(true);
  });

  it('refuses plain HTTP to another machine', async () => {
    const m = await make('M', { join: false });
    const code = await hub.inviteCode('member');
    const env = await m.core.dispatcher.call('team.join', {
      inviteCode: code,
      memberName: 'M',
      hubUrl: 'http://192.0.2.1:8443',
    });
    expect(env).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/HTTPS/) } });
  });

  it('a new member gets everything with progress; live changes arrive through the events stream; offline and back', async () => {
    const a = await make('A');
    for (let i = 0; i < 30; i++) await a.createContact({ firstName: `P${i}` });
    await a.sync();
    const b = await make('B', { join: false });
    const events: TeamStatus[] = [];
    b.core.events.on('team.status', (s) => events.push(s));
    await b.join();
    expect(events.some((e) => e.state === 'syncing' && e.progress && e.progress.applied > 0)).toBe(true);
    expect(events.at(-1)).toMatchObject({ state: 'synced', pendingChanges: 0 });
    // background loop on: a change on A reaches B without B asking (hub's events stream)
    b.team.start();
    a.team.start();
    const c = await a.createContact({ firstName: 'Live' });
    await until(() => b.row('contacts', c.id) !== undefined);
    // the hub goes down: A's change waits, state offline; back up: it goes out
    await hub.down();
    const d = await a.createContact({ firstName: 'While down' });
    await until(() => (a.team.status()?.state ?? '') === 'offline');
    expect(a.team.status()?.pendingChanges).toBeGreaterThan(0);
    await hub.up();
    await a.team.syncNow().catch(() => {});
    await a.team.syncNow();
    await until(() => b.row('contacts', d.id) !== undefined);
    await a.team.stop();
    await b.team.stop();
  });
});
