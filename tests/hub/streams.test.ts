// Caps on the hub's live event streams (/v1/events), against a real hub on embedded PostgreSQL: a device
// over its own cap loses its oldest stream to the new one; a full hub takes a device's new stream in place
// of that device's oldest, and refuses a device with none (429 TOO_MANY_STREAMS, typed); a stream the client
// closes is forgotten at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubError } from '../../shared/sync/protocol.ts';
import { startTestHub, type JoinedDevice, type TestHub } from '../helpers/hubServer.ts';
import { contactCells, push } from './fixtures.ts';

let hub: TestHub;
let ana: JoinedDevice;
let ben: JoinedDevice;
let cy: JoinedDevice;

beforeAll(async () => {
  hub = await startTestHub({ streamLimits: { perDevice: 2, total: 3 } });
  ana = await hub.join('admin', 'Ana');
  ben = await hub.join('member', 'Ben');
  cy = await hub.join('member', 'Cy');
});
afterAll(async () => {
  await hub?.stop();
});

type Stream = {
  status: number;
  text: () => Promise<string>;
  ended: () => Promise<boolean>;
  close: () => void;
  body: unknown;
};

/** Opens /v1/events as a device; reads what arrives; says whether the hub ended it. */
async function open(device: JoinedDevice): Promise<Stream> {
  const abort = new AbortController();
  const res = await device.call('/v1/events', { signal: abort.signal });
  if (res.status !== 200) {
    const body = await res.json();
    return { status: res.status, body, text: async () => '', ended: async () => true, close: () => {} };
  }
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let seen = '';
  let done = false;
  const pump = (async () => {
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        seen += decoder.decode(chunk.value);
      }
    } catch {
      // aborted by the test
    }
    done = true;
  })();
  await waitFor(() => seen.includes('event: changed'));
  return {
    status: 200,
    body: null,
    text: async () => seen,
    ended: async () => {
      await Promise.race([pump, new Promise((r) => setTimeout(r, 2000))]);
      return done;
    },
    close: () => abort.abort(),
  };
}

async function waitFor(ok: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const size = () => hub.hub.feed.size;

describe('live event streams are capped', () => {
  it('per device, in total, oldest of the same device first, and forgotten when the client closes', async () => {
    const a1 = await open(ana);
    const a2 = await open(ana);
    expect(size()).toBe(2);
    // Ana's third stream: over her cap of 2, her oldest (a1) is ended, a2 and a3 stay
    const a3 = await open(ana);
    expect(await a1.ended()).toBe(true);
    expect(size()).toBe(2);

    const b1 = await open(ben);
    expect(size()).toBe(3);
    // the hub is full: Cy has no stream to give up, so he is refused, typed, and nothing else changes
    const c1 = await open(cy);
    expect(c1.status).toBe(429);
    expect(HubError.parse(c1.body)).toEqual({
      code: 'TOO_MANY_STREAMS',
      message: expect.stringContaining('changes still arrive by polling'),
    });
    expect(size()).toBe(3);
    // full, but Ben has one: his new stream takes the place of his oldest
    const b2 = await open(ben);
    expect(await b1.ended()).toBe(true);
    expect(size()).toBe(3);

    // the streams kept still hear of changes
    expect((await push(ana.call, contactCells(ana.deviceId, 'c-streams'))).status).toBe(200);
    for (const s of [a2, a3, b2])
      await expect.poll(async () => (await s.text()).split('event: changed').length).toBe(3);

    // a client that goes away frees its place: Cy gets one
    a2.close();
    await expect.poll(size).toBe(2);
    const c2 = await open(cy);
    expect(c2.status).toBe(200);
    expect(size()).toBe(3);
    for (const s of [a3, b2, c2]) s.close();
    await expect.poll(size).toBe(0);
  });
});
