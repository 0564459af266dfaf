// The protocol version (docs/sync.md, "Protocol version"): every request names its app's protocol in the
// x-kyrios-protocol header and every answer names the hub's. A hub refuses an app older than it serves
// before reading or storing anything, with a message that tells the person to update Kyrios, which the
// replica shows in team.status; a newer hub keeps serving current apps; a newer app is served by this hub.
// Real hub on embedded PostgreSQL, real replica cores.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TeamStatus } from '../../shared/contract.ts';
import { HUB_ERROR_CODES, OLDEST_SERVED_PROTOCOL, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/sync/protocol.ts';
import { fakeClock } from '../helpers/core.ts';
import { startTestHub, type TestHub } from '../helpers/hubServer.ts';
import { expectConverged, replica, type Replica } from './replicas.ts';

/** What an app of protocol 1 parses a refusal with: the codes it shipped with (no UPDATE_REQUIRED). */
const V1_HUB_ERROR = z.object({ code: z.enum(HUB_ERROR_CODES.filter((c) => c !== 'UPDATE_REQUIRED') as [string, ...string[]]), message: z.string() });

const clock = fakeClock();
const range: { version?: number; oldest?: number } = {};
let hub: TestHub;
let open: Replica[] = [];
beforeAll(async () => {
  hub = await startTestHub({ now: clock, heartbeatMs: 1000, protocol: range });
});
afterAll(async () => {
  await hub?.stop();
});
afterEach(async () => {
  for (const r of open) await r.cleanup();
  open = [];
  await restart({});
});
const make = async (name: string) => {
  const r = await replica(name, hub, { now: clock });
  open.push(r);
  return r;
};
/** Restarts the hub as a release with this protocol range (same database, same address). */
async function restart(next: { version?: number; oldest?: number }) {
  await hub.down();
  range.version = next.version;
  range.oldest = next.oldest;
  await hub.up();
}
const tokenOf = (r: Replica) => r.core.db.prepare('SELECT device_token FROM sync_state WHERE id = 1').pluck().get() as string;
const hubMessages = async () => Number((await hub.hub.db.query<{ n: string }>('SELECT count(*) AS n FROM messages')).rows[0]!.n);

describe('protocol version', () => {
  it('is 2 now that row and purgeDeletion messages exist; this hub serves 2 and up', () => {
    expect(PROTOCOL_VERSION).toBe(2);
    expect(OLDEST_SERVED_PROTOCOL).toBe(2);
  });

  it('an app of protocol 1 (no header) is answered 426 with "update Kyrios", in a form it can read, and nothing is stored', async () => {
    const a = await make('A');
    await a.createContact({ firstName: 'Kept' });
    await a.sync();
    const token = tokenOf(a);
    const before = await hubMessages();
    const invite = JSON.parse(Buffer.from((await hub.inviteCode('member')).slice(5), 'base64url').toString('utf8')) as {
      workspaceId: string;
      secret: string;
    };
    const asV1 = (path: string, init: RequestInit = {}) =>
      fetch(`${hub.url}${path}`, { ...init, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` } });
    const answers = [
      await asV1('/v1/pull?after=0'),
      await asV1('/v1/push', { method: 'POST', body: JSON.stringify({ batchId: 'b-v1', messages: [] }) }),
      await asV1('/v1/status'),
      await fetch(`${hub.url}/v1/join`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ workspaceId: invite.workspaceId, secret: invite.secret, memberName: 'Old', deviceName: 'old pc' }),
      }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(426);
      expect(res.headers.get(PROTOCOL_HEADER)).toBe(String(PROTOCOL_VERSION));
      const body = V1_HUB_ERROR.parse(await res.json());
      expect(body.code).toBe('VALIDATION');
      expect(body.message).toMatch(/update Kyrios/);
    }
    expect(await hubMessages()).toBe(before);
    // the invite was not used by the refused join: a current app joins with it
    const members = await hub.hub.db.query("SELECT 1 FROM members WHERE name = 'Old'");
    expect(members.rowCount).toBe(0);
  });

  it('a hub that no longer serves this app: team.status says to update Kyrios, the changes wait, and sync resumes on a hub that serves it', async () => {
    const a = await make('A');
    const c = (await a.createContact({ firstName: 'Before' })).id;
    await a.sync();
    await restart({ version: PROTOCOL_VERSION + 1, oldest: PROTOCOL_VERSION + 1 });
    await a.call('contacts.update', { id: c, firstName: 'Waiting' });
    await expect(a.sync()).rejects.toMatchObject({ code: 'UPDATE_REQUIRED', status: 426 });
    const status = await a.call<TeamStatus>('team.status', {});
    expect(status).toMatchObject({ state: 'error', action: 'update_kyrios', pendingChanges: 1 });
    expect(status.error).toMatch(/update Kyrios/);
    expect(a.row('contacts', c)).toMatchObject({ first_name: 'Waiting' });

    await restart({});
    await a.sync();
    const after = await a.call<TeamStatus>('team.status', {});
    expect(after).toMatchObject({ state: 'synced', pendingChanges: 0 });
    expect(after.action).toBeUndefined();
    expectConverged(await hub.dump(), [a]);
  });

  it('a newer hub (protocol 3, serving 2 and up) keeps serving this app: join, push, pull', async () => {
    await restart({ version: PROTOCOL_VERSION + 1, oldest: PROTOCOL_VERSION });
    const a = await make('A');
    const b = await make('B');
    const c = (await a.createContact({ firstName: 'Newer hub' })).id;
    await a.sync();
    await b.sync();
    expect(b.row('contacts', c)).toMatchObject({ first_name: 'Newer hub' });
    expect(await b.call<TeamStatus>('team.status', {})).toMatchObject({ state: 'synced' });
    const res = await fetch(`${hub.url}/v1/status`, {
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), Authorization: `Bearer ${tokenOf(a)}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get(PROTOCOL_HEADER)).toBe(String(PROTOCOL_VERSION + 1));
    expectConverged(await hub.dump(), [a, b]);
  });

  it('a newer app (protocol 3) is served by this hub; a header that is not a version is a typed VALIDATION', async () => {
    const a = await make('A');
    const call = (version: string) =>
      fetch(`${hub.url}/v1/status`, { headers: { [PROTOCOL_HEADER]: version, Authorization: `Bearer ${tokenOf(a)}` } });
    expect((await call(String(PROTOCOL_VERSION + 1))).status).toBe(200);
    const bad = await call('two');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION' });
    const old = await call('1');
    expect(old.status).toBe(426);
    expect(await old.json()).toMatchObject({ code: 'UPDATE_REQUIRED', message: expect.stringMatching(/update Kyrios/) });
  });
});
