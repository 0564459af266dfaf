import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldLifecycle, lww, needsReview, type LifecycleEvent } from '../../../shared/sync/fold.ts';
import { formatHlc } from '../../../shared/sync/hlc.ts';

const h = (ms: number, node = 'a') => formatHlc({ millis: ms, counter: 0, node });
const del = (ms: number, d: string, node = 'a'): LifecycleEvent => ({
  kind: 'delete',
  hlc: h(ms, node),
  deletionId: d,
  at: ms,
});
const res = (ms: number, d: string, node = 'a'): LifecycleEvent => ({
  kind: 'restore',
  hlc: h(ms, node),
  deletionId: d,
});

describe('the lifecycle fold (docs/sync.md)', () => {
  it('a delete applies only to a live row; a restore only to the deletion that holds the row', () => {
    expect(foldLifecycle([del(1, 'D1'), del(2, 'D2')])).toEqual({ deletedAt: 1, deletionId: 'D1' });
    expect(foldLifecycle([del(1, 'D1'), res(2, 'D2')])).toEqual({ deletedAt: 1, deletionId: 'D1' });
    expect(foldLifecycle([del(1, 'D1'), res(2, 'D1')])).toEqual({ deletedAt: null, deletionId: null });
    expect(foldLifecycle([del(1, 'D1'), res(2, 'D1'), res(3, 'D1')])).toEqual({ deletedAt: null, deletionId: null });
  });

  it('a note deleted on its own before its contact stays deleted when the contact is restored', () => {
    const note = [del(1, 'D1', 'b')];
    const contact = [del(2, 'D2'), res(3, 'D2')];
    expect(foldLifecycle(note, contact)).toEqual({ deletedAt: 1, deletionId: 'D1' });
  });

  it("a note deleted on its own after its contact's deletion (in HLC order) comes back with the contact", () => {
    const note = [del(2, 'D1', 'b')];
    const contact = [del(1, 'D2'), res(3, 'D2')];
    expect(foldLifecycle(note, contact)).toEqual({ deletedAt: null, deletionId: null });
    expect(foldLifecycle(note, [del(1, 'D2')])).toEqual({ deletedAt: 1, deletionId: 'D2' });
  });

  it('a note live by its own messages under a deleted contact is deleted with the contact (derived)', () => {
    expect(foldLifecycle([], [del(5, 'D')])).toEqual({ deletedAt: 5, deletionId: 'D' });
    // its own deletion undone after the contact was deleted: still not live under a deleted contact
    expect(foldLifecycle([del(1, 'D1'), res(9, 'D1')], [del(5, 'D')])).toEqual({ deletedAt: 5, deletionId: 'D' });
  });

  it('a restore never undoes a later deletion; the last in HLC order decides', () => {
    expect(foldLifecycle([del(1, 'D'), res(2, 'D'), del(3, 'D3')])).toEqual({ deletedAt: 3, deletionId: 'D3' });
    // D3 came while the row was deleted by D: it does not apply, so the later restore of D brings it back
    expect(foldLifecycle([del(1, 'D'), del(2, 'D3'), res(3, 'D')])).toEqual({ deletedAt: null, deletionId: null });
  });

  const event = fc.record({
    kind: fc.constantFrom('delete' as const, 'restore' as const),
    ms: fc.integer({ min: 0, max: 30 }),
    node: fc.constantFrom('a', 'b', 'c'),
    d: fc.constantFrom('D1', 'D2', 'D3'),
  });
  const unique = (evs: { kind: 'delete' | 'restore'; ms: number; node: string; d: string }[]): LifecycleEvent[] => {
    const seen = new Set<string>();
    const out: LifecycleEvent[] = [];
    for (const e of evs) {
      const hlc = h(e.ms, e.node);
      if (seen.has(hlc)) continue; // one HLC is one message
      seen.add(hlc);
      out.push(
        e.kind === 'delete'
          ? { kind: 'delete', hlc, deletionId: e.d, at: e.ms }
          : { kind: 'restore', hlc, deletionId: e.d },
      );
    }
    return out;
  };

  it('is order-independent: any permutation (and any duplicate) of the messages folds to the same state', () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 12 }),
        fc.array(event, { maxLength: 8 }),
        fc.integer(),
        (own, parent, seed) => {
          const o = unique(own);
          const p = unique(parent);
          const expected = foldLifecycle(o, p);
          const shuffle = <T>(xs: T[]) => {
            const a = [...xs];
            let s = seed;
            for (let i = a.length - 1; i > 0; i--) {
              s = (s * 1103515245 + 12345) | 0;
              const j = Math.abs(s) % (i + 1);
              [a[i], a[j]] = [a[j]!, a[i]!];
            }
            return a;
          };
          expect(foldLifecycle(shuffle([...o, ...o.slice(0, 2)]), shuffle(p))).toEqual(expected);
        },
      ),
    );
  });

  it('last-writer-wins is commutative, associative and idempotent', () => {
    const cell = fc.record({ hlc: fc.integer({ min: 0, max: 50 }).map((n) => h(n)), value: fc.string() });
    fc.assert(
      fc.property(cell, cell, cell, (a, b, c) => {
        // one HLC carries one value
        if (a.hlc === b.hlc) b = a;
        if (a.hlc === c.hlc) c = a;
        if (b.hlc === c.hlc) c = b;
        expect(lww(a, b)).toEqual(lww(b, a));
        expect(lww(a, a)).toEqual(a);
        expect(lww(lww(a, b), c)).toEqual(lww(a, lww(b, c)));
      }),
    );
  });

  it('uniqueness: the contact created first holds a shared email or phone, every other is marked', () => {
    const flagged = needsReview([
      { id: 'x', createdHlc: h(2), email: 'A@x.org', phoneDigits: null },
      { id: 'y', createdHlc: h(1), email: 'a@X.org', phoneDigits: '15550100' },
      { id: 'z', createdHlc: h(3), email: null, phoneDigits: '15550100' },
      { id: 'w', createdHlc: h(4), email: 'w@x.org', phoneDigits: '1999' },
    ]);
    expect([...flagged]).toEqual([
      ['x', 'y'],
      ['z', 'y'],
    ]);
  });
});
