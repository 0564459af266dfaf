// Push and pull against a real hub on embedded PostgreSQL: idempotency, paging, clocks, state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { materialize } from '../../shared/sync/dump.ts';
import { PullResponse, PushResponse, type SyncMessage } from '../../shared/sync/protocol.ts';
import { APP_PROTOCOL, startTestHub, type JoinedDevice, type TestHub } from '../helpers/hubServer.ts';
import { contactCells, del, hlcAt, noteCells, push, restore } from './fixtures.ts';

let hub: TestHub;
let ana: JoinedDevice;
let ben: JoinedDevice;

beforeAll(async () => {
  hub = await startTestHub();
  ana = await hub.join('admin', 'Ana');
  ben = await hub.join('member', 'Ben');
});
afterAll(async () => {
  await hub?.stop();
});

async function pullAll(
  device: JoinedDevice,
  limit = 5000,
): Promise<{ pages: number; messages: SyncMessage[]; next: number }> {
  let after = 0;
  let pages = 0;
  const messages: SyncMessage[] = [];
  for (;;) {
    const res = await device.call(`/v1/pull?after=${after}&limit=${limit}`);
    expect(res.status).toBe(200);
    const page = PullResponse.parse(await res.json());
    pages++;
    messages.push(...page.messages.map((m) => m.message));
    after = page.next;
    if (!page.more) return { pages, messages, next: page.next };
  }
}

describe('push and pull', () => {
  it('stores a batch once: the same batch again answers duplicates and changes nothing', async () => {
    const batch = contactCells(ana.deviceId, 'c-idem');
    const first = PushResponse.parse(await (await push(ana.call, batch, 'batch-1')).json());
    expect(first).toMatchObject({ accepted: batch.length, duplicates: 0 });
    const again = PushResponse.parse(await (await push(ana.call, batch, 'batch-1')).json());
    expect(again).toMatchObject({ accepted: 0, duplicates: batch.length, seq: first.seq });
    const { messages } = await pullAll(ben);
    expect(messages.filter((m) => m.kind === 'cell' && m.pk === 'c-idem')).toHaveLength(batch.length);
  });

  it('pages the log by seq: every message once, in order, across pages', async () => {
    const many = Array.from({ length: 12 }, (_, i) => contactCells(ben.deviceId, `c-page-${i}`)).flat();
    expect((await push(ben.call, many)).status).toBe(200);
    const small = await pullAll(ana, 7);
    const big = await pullAll(ana);
    expect(small.messages).toEqual(big.messages);
    expect(small.pages).toBe(Math.ceil(big.messages.length / 7) + (big.messages.length % 7 === 0 ? 1 : 0));
    expect(new Set(small.messages.map((m) => m.hlc)).size).toBe(small.messages.length);
    // nothing after the end
    const tail = PullResponse.parse(await (await ana.call(`/v1/pull?after=${big.next}`)).json());
    expect(tail).toMatchObject({ messages: [], more: false, next: big.next });
  });

  it('refuses a batch with a clock more than 5 minutes ahead of the hub (CLOCK_AHEAD), storing none of it', async () => {
    const before = await pullAll(ana);
    const ahead = [
      ...contactCells(ben.deviceId, 'c-ok'),
      ...contactCells(ben.deviceId, 'c-future', {}, Date.now() + 6 * 60_000),
    ];
    const res = await push(ben.call, ahead);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'CLOCK_AHEAD' });
    expect((await pullAll(ana)).messages).toHaveLength(before.messages.length);
    // 4 minutes ahead is fine
    expect((await push(ben.call, contactCells(ben.deviceId, 'c-soon', {}, Date.now() + 4 * 60_000))).status).toBe(200);
  });

  it('keeps the last writer by HLC per cell, whatever order the pushes arrive in', async () => {
    await push(ana.call, contactCells(ana.deviceId, 'c-lww'));
    const t = Date.now();
    const later: SyncMessage = {
      kind: 'cell',
      hlc: hlcAt(ben.deviceId, t + 1000),
      table: 'contacts',
      pk: 'c-lww',
      contactId: 'c-lww',
      column: 'company',
      value: 'Later',
    };
    const earlier: SyncMessage = {
      kind: 'cell',
      hlc: hlcAt(ana.deviceId, t),
      table: 'contacts',
      pk: 'c-lww',
      contactId: 'c-lww',
      column: 'company',
      value: 'Earlier',
    };
    await push(ben.call, [later]);
    await push(ana.call, [earlier]);
    const row = (await hub.dump()).tables.contacts.find((c) => c.id === 'c-lww');
    expect(row?.company).toBe('Later');
  });

  it('folds a note deleted on its own before its contact: restoring the contact leaves the note deleted', async () => {
    const t = Date.now() - 10_000;
    await push(ana.call, [
      ...contactCells(ana.deviceId, 'c-fold', {}, t),
      ...noteCells(ana.deviceId, 'n-fold', 'c-fold', 'x', t),
    ]);
    // arrival order: the contact's deletion first, the earlier separate note deletion after
    await push(ana.call, [del(ana.deviceId, 'contacts', 'c-fold', 'c-fold', 'D2', t + 2000)]);
    await push(ben.call, [del(ben.deviceId, 'notes', 'n-fold', 'c-fold', 'D1', t + 1000)]);
    await push(ana.call, [restore(ana.deviceId, 'contacts', 'c-fold', 'c-fold', 'D2', t + 3000)]);
    const dump = await hub.dump();
    expect(dump.tables.contacts.find((c) => c.id === 'c-fold')).toMatchObject({ deleted_at: null, deletion_id: null });
    expect(dump.tables.notes.find((n) => n.id === 'n-fold')).toMatchObject({ deletion_id: 'D1' });
  });

  it('deletes a note added while its contact was being deleted elsewhere, with that deletion', async () => {
    const t = Date.now() - 10_000;
    await push(ana.call, contactCells(ana.deviceId, 'c-late', {}, t));
    await push(ana.call, [del(ana.deviceId, 'contacts', 'c-late', 'c-late', 'D-late', t + 1000)]);
    await push(ben.call, noteCells(ben.deviceId, 'n-late', 'c-late', 'added offline', t + 500));
    const dump = await hub.dump();
    expect(dump.tables.notes.find((n) => n.id === 'n-late')).toMatchObject({ deletion_id: 'D-late' });
  });

  it('holds exactly the state every replica computes from the log (materialize of what a member pulls)', async () => {
    const { messages } = await pullAll(ben);
    expect(await hub.dump()).toEqual(materialize(messages));
  });
});

describe('any text a note may hold', () => {
  it('stores and serves a value holding U+0000 and other control characters as pushed', async () => {
    const odd = 'a\u0000b\u0001c\u2028d "quoted" \\ é 😀';
    const cell: SyncMessage = {
      kind: 'cell',
      hlc: hlcAt(ana.deviceId),
      table: 'notes',
      pk: 'n-odd',
      contactId: 'c-idem',
      column: 'body',
      value: odd,
    };
    const res = await push(ana.call, [cell]);
    expect(res.status).toBe(200);
    const { messages } = await pullAll(ben);
    expect(messages.find((m) => m.hlc === cell.hlc)).toEqual(cell);
    expect((await hub.dump()).tables.notes.find((n) => n.id === 'n-odd')?.body).toBe(odd);
  });
});

describe('pull pages stay under the body bound', () => {
  it('ends a page early when its messages would pass 8 MB, and the next page goes on from there', async () => {
    const big = 'é'.repeat(90_000); // 180 KB of UTF-8 each
    const notes = Array.from({ length: 60 }, (_, i) => ({
      kind: 'cell' as const,
      hlc: hlcAt(ana.deviceId),
      table: 'notes' as const,
      pk: `n-big-${i}`,
      contactId: 'c-idem',
      column: 'body',
      value: big,
    }));
    for (let i = 0; i < notes.length; i += 20) expect((await push(ana.call, notes.slice(i, i + 20))).status).toBe(200);
    let after = 0;
    let seen = 0;
    for (;;) {
      const res = await ben.call(`/v1/pull?after=${after}`);
      const text = await res.text();
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(8 * 1024 * 1024);
      const page = PullResponse.parse(JSON.parse(text));
      seen += page.messages.filter((m) => m.message.kind === 'cell' && m.message.pk.startsWith('n-big-')).length;
      after = page.next;
      if (!page.more) break;
    }
    expect(seen).toBe(60);
  });
});

describe('several teams in one database', () => {
  it("keeps each workspace's log, state and people apart", async () => {
    const { createWorkspace } = await import('../../hub/store/workspace.ts');
    const { createInvite } = await import('../../hub/store/invites.ts');
    const { inTx } = await import('../../hub/db/pool.ts');
    const { hubDump } = await import('../../hub/sync/state.ts');
    const db = hub.hub.db;
    const other = await inTx(db, (tx) => createWorkspace(tx, Date.now()));
    const code = (
      await createInvite(db, {
        workspaceId: other,
        role: 'owner',
        createdBy: null,
        now: Date.now(),
        hub: { url: hub.url, certFingerprint: null },
      })
    ).code;
    const secret = (JSON.parse(Buffer.from(code.slice(5), 'base64url').toString('utf8')) as { secret: string }).secret;
    // an invite of one team does not open another
    const wrongTeam = await fetch(`${hub.url}/v1/join`, {
      method: 'POST',
      headers: APP_PROTOCOL,
      body: JSON.stringify({ workspaceId: hub.workspaceId, secret, memberName: 'Zoe', deviceName: 'pc' }),
    });
    expect(wrongTeam.status).toBe(401);
    const joined = await fetch(`${hub.url}/v1/join`, {
      method: 'POST',
      headers: APP_PROTOCOL,
      body: JSON.stringify({ workspaceId: other, secret, memberName: 'Zoe', deviceName: 'pc' }),
    });
    const zoe = (await joined.json()) as { deviceId: string; deviceToken: string; memberId: string };
    const zoeCall = (p: string, init: RequestInit = {}) =>
      fetch(`${hub.url}${p}`, { ...init, headers: { ...APP_PROTOCOL, Authorization: `Bearer ${zoe.deviceToken}` } });
    const before = await hub.dump();
    expect((await push(zoeCall, contactCells(zoe.deviceId, 'c-idem', { first_name: 'Other team' }))).status).toBe(200);
    expect(await hub.dump()).toEqual(before);
    expect((await hubDump(db, other)).tables.contacts.map((c) => c.first_name)).toEqual(['Other team']);
    const theirs = PullResponse.parse(await (await zoeCall('/v1/pull?after=0')).json());
    expect(theirs.messages.every((m) => m.memberId === zoe.memberId)).toBe(true);
    const members = (await (await zoeCall('/v1/members')).json()) as { members: { memberId: string }[] };
    expect(members.members.map((m) => m.memberId)).toEqual([zoe.memberId]);
  });
});
