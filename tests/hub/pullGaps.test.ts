// Pull pages read the log window by window of sequence numbers (hub/sync/pull.ts): across long gaps left by
// purges a page may hold fewer messages than asked, but every message left comes once, in order, and `more`
// stays true until the end of the log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponse, PushResponse, type SyncMessage } from '../../shared/sync/protocol.ts';
import { startTestHub, type JoinedDevice, type TestHub } from '../helpers/hubServer.ts';
import { contactCells, hlcAt, push } from './fixtures.ts';

let hub: TestHub;
let ana: JoinedDevice;

beforeAll(async () => {
  hub = await startTestHub();
  ana = await hub.join('admin', 'Ana');
});
afterAll(async () => {
  await hub?.stop();
});

describe('pulling across purged stretches of the log', () => {
  it('returns every message left once, in seq order, whatever the page size', async () => {
    const kept = contactCells(ana.deviceId, 'c-first');
    const gone = Array.from({ length: 12 }, (_, i) => contactCells(ana.deviceId, `c-gone-${i}`)).flat();
    const last = contactCells(ana.deviceId, 'c-last');
    expect((await push(ana.call, [...kept, ...gone, ...last])).status).toBe(200);
    const purges: SyncMessage[] = Array.from({ length: 12 }, (_, i) => ({
      kind: 'purgeRequest',
      hlc: hlcAt(ana.deviceId),
      contactId: `c-gone-${i}`,
    }));
    const answer = PushResponse.parse(await (await push(ana.call, purges)).json());
    const expected = [...kept, ...last].map((m) => m.hlc);
    for (const limit of [1, 2, 5, 5000]) {
      let after = 0;
      const seqs: number[] = [];
      const cells: string[] = [];
      for (let pages = 0; ; pages++) {
        expect(pages).toBeLessThan(500);
        const page = PullResponse.parse(await (await ana.call(`/v1/pull?after=${after}&limit=${limit}`)).json());
        expect(page.messages.length).toBeLessThanOrEqual(limit);
        for (const m of page.messages) {
          seqs.push(m.seq);
          if (m.message.kind === 'cell') cells.push(m.message.hlc);
        }
        expect(page.next).toBeGreaterThanOrEqual(after);
        after = page.next;
        if (!page.more) break;
      }
      expect(cells).toEqual(expected);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs.length).toBe(expected.length + 12);
      expect(after).toBe(answer.seq);
    }
  });
});
