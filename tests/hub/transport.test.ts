// The hub's HTTP surface: bounded bodies, typed errors (never a 500 for client input), live events over SSE,
// several hub processes on one database (LISTEN/NOTIFY), and HTTPS pinned by the certificate's fingerprint.
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_PATHS, PushResponse, SYNC_LIMITS } from '../../shared/sync/protocol.ts';
import { APP_PROTOCOL, startTestHub, startTestPg, type JoinedDevice, type TestHub, type TestPg } from '../helpers/hubServer.ts';
import { otherFingerprint } from '../helpers/fingerprint.ts';
import { contactCells, push } from './fixtures.ts';

let pg: TestPg;
let hubA: TestHub;
let hubB: TestHub;
let ana: JoinedDevice;

beforeAll(async () => {
  pg = await startTestPg();
  hubA = await startTestHub({ databaseUrl: pg.databaseUrl, heartbeatMs: 200 });
  hubB = await startTestHub({ databaseUrl: pg.databaseUrl, heartbeatMs: 200 });
  ana = await hubA.join('admin', 'Ana');
});
afterAll(async () => {
  await hubA?.stop();
  await hubB?.stop();
  await pg?.stop();
});

/** Reads an SSE stream until `until` says its text so far is enough. */
async function readEvents(
  url: string,
  token: string,
  until: (text: string) => boolean,
  afterOpen?: () => Promise<unknown>,
): Promise<string> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { ...APP_PROTOCOL, Authorization: `Bearer ${token}` }, signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let opened = false;
  const deadline = setTimeout(() => controller.abort(), 10_000);
  try {
    while (!until(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (!opened && text.includes('event: changed')) {
        opened = true;
        await afterOpen?.();
      }
    }
  } finally {
    clearTimeout(deadline);
    controller.abort();
  }
  return text;
}

describe('bad input gets a typed 4xx, never a 500', () => {
  it('refuses a body that is not JSON, or of the wrong shape, as VALIDATION', async () => {
    for (const body of [
      '{not json',
      '',
      'null',
      '[]',
      JSON.stringify({ batchId: 'b', messages: [{ kind: 'cell' }] }),
    ]) {
      const res = await ana.call(HUB_PATHS.push, { method: 'POST', body });
      expect(res.status, body).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'VALIDATION', message: expect.any(String) });
    }
  });

  it('refuses a body over 8 MB and a batch over 5000 messages as TOO_LARGE, storing nothing', async () => {
    const huge = await ana.call(HUB_PATHS.push, { method: 'POST', body: 'x'.repeat(SYNC_LIMITS.bodyBytes + 1) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'TOO_LARGE' });
    const many = Array.from({ length: 850 }, (_, i) => contactCells(ana.deviceId, `c-many-${i}`)).flat();
    expect(many.length).toBeGreaterThan(SYNC_LIMITS.batchMessages);
    const tooMany = await push(ana.call, many);
    expect(tooMany.status).toBe(413);
    expect(await tooMany.json()).toMatchObject({ code: 'TOO_LARGE' });
    expect((await hubA.dump()).tables.contacts.filter((c) => String(c.id).startsWith('c-many-'))).toEqual([]);
  });

  it('answers unknown paths, wrong methods and bad queries with NOT_FOUND and VALIDATION', async () => {
    const unknown = await ana.call('/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await ana.call(HUB_PATHS.push)).status).toBe(400);
    expect((await ana.call(`${HUB_PATHS.pull}?after=-1`)).status).toBe(400);
    expect((await ana.call(`${HUB_PATHS.pull}?after=0&limit=5001`)).status).toBe(400);
  });

  it('never answers 500 to any body on any endpoint (fuzz)', async () => {
    const endpoints: [string, string][] = [
      ['POST', HUB_PATHS.join],
      ['POST', HUB_PATHS.push],
      ['POST', HUB_PATHS.invites],
      ['PUT', HUB_PATHS.settings],
      ['PATCH', `${HUB_PATHS.members}/x`],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc.oneof(fc.json(), fc.string()),
        async ([method, path], body) => {
          const res = await ana.call(path, { method, body });
          expect(res.status).toBeLessThan(500);
          const parsed = (await res.json()) as { code?: string };
          if (res.status >= 400) expect(typeof parsed.code).toBe('string');
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('live events', () => {
  it('streams `event: changed` with the new seq after a push, and heartbeats', async () => {
    let pushedSeq = 0;
    const text = await readEvents(
      `${hubA.url}${HUB_PATHS.events}`,
      ana.deviceToken,
      (t) => pushedSeq > 0 && t.includes(`data: {"seq":${pushedSeq}}`) && t.includes(': heartbeat'),
      async () => {
        const res = PushResponse.parse(await (await push(ana.call, contactCells(ana.deviceId, 'c-live-1'))).json());
        pushedSeq = res.seq;
      },
    );
    expect(text).toMatch(/^event: changed\ndata: \{"seq":\d+\}\n\n/);
    expect(text).toContain(`event: changed\ndata: {"seq":${pushedSeq}}`);
  });

  it('wakes the SSE clients of another hub process on the same database (LISTEN/NOTIFY)', async () => {
    let pushedSeq = 0;
    // Ana's token works on hub B too: both serve the one workspace the database holds
    const text = await readEvents(
      `${hubB.url}${HUB_PATHS.events}`,
      ana.deviceToken,
      (t) => pushedSeq > 0 && t.includes(`data: {"seq":${pushedSeq}}`),
      async () => {
        const res = PushResponse.parse(await (await push(ana.call, contactCells(ana.deviceId, 'c-live-2'))).json());
        pushedSeq = res.seq;
      },
    );
    expect(text).toContain(`data: {"seq":${pushedSeq}}`);
    expect(hubB.workspaceId).toBe(hubA.workspaceId);
    expect(await hubB.dump()).toEqual(await hubA.dump());
  });
});

describe('a revoked device', () => {
  it('loses its event stream on every hub process by the next heartbeat', async () => {
    const lost = await hubA.join('member', 'Lea');
    const started = Date.now();
    const text = await readEvents(
      `${hubB.url}${HUB_PATHS.events}`,
      lost.deviceToken,
      () => false,
      async () => {
        expect(
          (await ana.call(`/v1/members/${lost.memberId}/devices/${lost.deviceId}`, { method: 'DELETE' })).status,
        ).toBe(200);
      },
    );
    // the stream ended by itself (readEvents gives up only after 10 s)
    expect(Date.now() - started).toBeLessThan(5000);
    expect(text).toMatch(/^event: changed/);
  });
});

/** An HTTPS request that trusts exactly one certificate: the one whose SHA-256 fingerprint is pinned. */
function pinnedGet(url: string, fingerprint: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'GET', headers: APP_PROTOCOL, rejectUnauthorized: false, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('socket', (socket) => {
      socket.on('secureConnect', () => {
        const seen = (socket as TLSSocket).getPeerCertificate().fingerprint256;
        if (seen !== fingerprint) req.destroy(new Error(`certificate ${seen} is not the pinned ${fingerprint}`));
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS with a pinned self-signed certificate', () => {
  let tlsHub: TestHub;
  beforeAll(async () => {
    tlsHub = await startTestHub({ databaseUrl: pg.databaseUrl, tls: true });
  });
  afterAll(async () => {
    await tlsHub?.stop();
  });

  it('serves HTTPS whose certificate is the one the invite code names', async () => {
    expect(tlsHub.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const code = await tlsHub.inviteCode('member');
    const payload = JSON.parse(Buffer.from(code.slice(5), 'base64url').toString('utf8')) as {
      certFingerprint: string;
      hubUrl: string;
    };
    expect(payload.certFingerprint).toBe(tlsHub.certFingerprint);
    expect(payload.certFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(payload.hubUrl).toBe(tlsHub.url);
    expect(await pinnedGet(`${tlsHub.url}${HUB_PATHS.status}`, payload.certFingerprint)).toBe(401);
  });

  it('a client pinning another fingerprint refuses the connection; one trusting nothing refuses it too', async () => {
    const wrong = otherFingerprint(tlsHub.certFingerprint!);
    await expect(pinnedGet(`${tlsHub.url}${HUB_PATHS.status}`, wrong)).rejects.toThrow(/not the pinned/);
    await expect(fetch(`${tlsHub.url}${HUB_PATHS.status}`)).rejects.toThrow();
  });
});
