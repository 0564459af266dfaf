import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Hlc } from '../../../shared/sync/protocol.ts';
import { compareHlc, formatHlc, parseHlc, receive, tick, zeroClock } from '../../../shared/sync/hlc.ts';

describe('hybrid logical clock', () => {
  it('formats to the protocol shape and parses back', () => {
    const s = formatHlc({ millis: 1764700000000, counter: 7, node: 'dev-1' });
    expect(s).toBe('1764700000000-00007-dev-1');
    expect(Hlc.safeParse(s).success).toBe(true);
    expect(parseHlc(s)).toEqual({ millis: 1764700000000, counter: 7, node: 'dev-1' });
  });

  it('ticks strictly forward even when the wall clock stands still or goes back', () => {
    let c = zeroClock('a');
    const seen: string[] = [];
    for (const wall of [1000, 1000, 999, 5, 2000, 2000]) {
      c = tick(c, wall);
      seen.push(formatHlc(c));
    }
    for (let i = 1; i < seen.length; i++) expect(compareHlc(seen[i - 1]!, seen[i]!)).toBeLessThan(0);
  });

  it('a tick after receiving a time is later than that time, whatever the local wall clock says', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.integer({ min: 0, max: 99_999 }),
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        (remoteMs, remoteCounter, wall) => {
          const remote = formatHlc({ millis: remoteMs, counter: remoteCounter, node: 'zz' });
          const next = formatHlc(tick(receive(zeroClock('aa'), remote, wall), wall));
          expect(compareHlc(parseHlcOrder(next), parseHlcOrder(remote))).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('compares as the clock: string order is (millis, counter, node) order', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 0, max: 9e12 }), fc.integer({ min: 0, max: 99_999 }), fc.constantFrom('a', 'b')),
        fc.tuple(fc.integer({ min: 0, max: 9e12 }), fc.integer({ min: 0, max: 99_999 }), fc.constantFrom('a', 'b')),
        ([m1, c1, n1], [m2, c2, n2]) => {
          const expected = Math.sign(m1 - m2 || c1 - c2 || (n1 < n2 ? -1 : n1 > n2 ? 1 : 0));
          const got = Math.sign(
            compareHlc(
              formatHlc({ millis: m1, counter: c1, node: n1 }),
              formatHlc({ millis: m2, counter: c2, node: n2 }),
            ),
          );
          expect(got).toBe(expected);
        },
      ),
    );
  });
});

/** millis-counter only: a later time must be later without the node's tie-break. */
const parseHlcOrder = (s: string) => s.slice(0, 19);
