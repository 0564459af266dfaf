// The fast check of a push body (hub/server/pushBody.ts) never accepts what the protocol's zod schema refuses,
// returns exactly what the schema's parse returns (same fields and text), and takes every valid body a replica
// sends (otherwise it would be no faster).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastPushRequest } from '../../hub/server/pushBody.ts';
import { PushRequest, SYNC_TABLES } from '../../shared/sync/protocol.ts';

const hlc = fc
  .tuple(
    fc.integer({ min: 0, max: 9_999_999_999_999 }),
    fc.integer({ min: 0, max: 99_999 }),
    fc.stringMatching(/^[0-9A-Za-z_-]{1,64}$/),
  )
  .map(([ms, n, node]) => `${String(ms).padStart(13, '0')}-${String(n).padStart(5, '0')}-${node}`);
const id = fc.string({ minLength: 1, maxLength: 64 });
const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const table = fc.constantFrom(...SYNC_TABLES);
const row = fc.record({ hlc, table, pk: id, contactId: fc.option(id, { nil: null }) });

const validMessage = fc.oneof(
  row.chain((r) =>
    fc
      .dictionary(
        fc.string({ minLength: 1, maxLength: 64 }).filter((k) => k !== '__proto__'),
        scalar,
        { minKeys: 0, maxKeys: 6 },
      )
      .map((values) => ({ kind: 'row', ...r, values })),
  ),
  row.chain((r) =>
    fc
      .record({ column: fc.string({ minLength: 1, maxLength: 64 }), value: scalar })
      .map((c) => ({ kind: 'cell', ...r, ...c })),
  ),
  row.chain((r) => fc.record({ deletionId: id, at: fc.nat() }).map((d) => ({ kind: 'delete', ...r, ...d }))),
  row.chain((r) => id.map((deletionId) => ({ kind: 'restore', ...r, deletionId }))),
  fc.record({ kind: fc.constantFrom('purge', 'purgeRequest'), hlc, contactId: id }),
);

/** Anything a field might hold instead: the wrong type, too long, not an integer, an odd key, nothing. */
const oddValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(''),
  fc.string({ minLength: 65, maxLength: 70 }),
  fc.constant('x'.repeat(100_001)),
  fc.constant(-1),
  fc.constant(1.5),
  fc.constant(Number.MAX_SAFE_INTEGER + 2),
  fc.constant(Infinity),
  fc.constant(true),
  fc.constant([]),
  fc.constant({}),
  fc.constant({ a: [1] }),
  fc.constant(JSON.parse('{"__proto__": 1}') as unknown),
  fc.constant('nope'),
  fc.constant('1764700000000-00000-dev!'),
);

const mutated = fc
  .tuple(
    validMessage,
    fc.constantFrom(
      'kind',
      'hlc',
      'table',
      'pk',
      'contactId',
      'values',
      'column',
      'value',
      'deletionId',
      'at',
      'extra',
    ),
    oddValue,
  )
  .map(([m, key, value]) => ({ ...m, [key]: value }));

describe('the fast push body check', () => {
  it('takes every valid body, and returns what the schema returns', () => {
    fc.assert(
      fc.property(id, fc.array(validMessage, { maxLength: 20 }), (batchId, messages) => {
        const body = JSON.parse(JSON.stringify({ batchId, messages })) as unknown;
        const fast = fastPushRequest(body);
        const zod = PushRequest.safeParse(body);
        expect(zod.success).toBe(true);
        expect(fast).not.toBeNull();
        expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
      }),
      { numRuns: 300 },
    );
  });

  it('never accepts what the schema refuses, and leaves out unknown fields as it does', () => {
    fc.assert(
      fc.property(
        fc.oneof(id, oddValue),
        fc.array(fc.oneof({ arbitrary: mutated, weight: 3 }, { arbitrary: validMessage, weight: 1 }), { maxLength: 4 }),
        (batchId, messages) => {
          const body = { batchId, messages } as unknown;
          const fast = fastPushRequest(body);
          const zod = PushRequest.safeParse(body);
          if (fast !== null) {
            expect(zod.success).toBe(true);
            expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
          }
        },
      ),
      { numRuns: 4000 },
    );
  });

  it('leaves a batch over 5000 messages to the schema (TOO_LARGE)', () => {
    const m = { kind: 'purge', hlc: '1764700000000-00000-dev', contactId: 'c' };
    expect(fastPushRequest({ batchId: 'b', messages: Array.from({ length: 5001 }, () => m) })).toBeNull();
  });
});
