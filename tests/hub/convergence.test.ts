// The hub's state, built message by message in PostgreSQL (cells by last writer, lifecycles refolded), equals
// the state shared/sync/dump.ts `materialize` computes from the log: random messages of two devices, pushed in
// random batches and orders, with purges among them.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpLines, materialize } from '../../shared/sync/dump.ts';
import type { SyncMessage } from '../../shared/sync/protocol.ts';
import { startTestHub, type JoinedDevice, type TestHub } from '../helpers/hubServer.ts';
import { pullAll, push } from './fixtures.ts';

let hub: TestHub;
let a: JoinedDevice;
let b: JoinedDevice;

beforeAll(async () => {
  hub = await startTestHub();
  a = await hub.join('admin', 'Ana');
  b = await hub.join('member', 'Ben');
});
afterAll(async () => {
  await hub?.stop();
});

const CONTACTS = 3;
const NOTES = 4; // note i belongs to contact i % CONTACTS

const op = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      row: fc.nat(CONTACTS + NOTES - 1),
      asRow: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('cell' as const),
      row: fc.nat(CONTACTS + NOTES - 1),
      column: fc.constantFrom('first_name' as const, 'email' as const, 'body' as const),
      value: fc.option(fc.constantFrom('x@a.test', 'y@a.test', 'Ana', 'Ben'), { nil: null }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('delete' as const, 'restore' as const),
      row: fc.nat(CONTACTS + NOTES - 1),
      deletion: fc.nat(2),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('purgeRequest' as const), contact: fc.nat(CONTACTS - 1) }) },
);

let run = 0;

describe('the hub state equals materialize of its log', () => {
  it('for random messages of two devices pushed in random batches and orders', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ device: fc.constantFrom(0, 1), millis: fc.nat(50), op }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        async (steps, batchSizes, reverse) => {
          run++;
          const base = Date.now() - 10_000;
          const perDevice: SyncMessage[][] = [[], []];
          steps.forEach((step, i) => {
            const device = step.device === 0 ? a : b;
            const stamp = (j: number) =>
              `${String(base + step.millis).padStart(13, '0')}-${String(i * 10 + j).padStart(5, '0')}-${device.deviceId}`;
            const hlc = stamp(0);
            const o = step.op;
            const contactOf = (row: number) => `r${run}-c${row < CONTACTS ? row : (row - CONTACTS) % CONTACTS}`;
            const rowOf = (row: number) =>
              row < CONTACTS
                ? { table: 'contacts' as const, pk: contactOf(row) }
                : { table: 'notes' as const, pk: `r${run}-n${row - CONTACTS}` };
            if (o.kind === 'purgeRequest') {
              // only the admin may: Ben's would refuse his whole batch
              if (step.device === 0)
                perDevice[0]!.push({ kind: 'purgeRequest', hlc, contactId: `r${run}-c${o.contact}` });
              return;
            }
            const { table, pk } = rowOf(o.row);
            const contactId = contactOf(o.row);
            if (o.kind === 'create') {
              const columns: Record<string, string | number> =
                table === 'contacts'
                  ? { id: pk, first_name: 'N', last_name: 'L', created_at: 1 }
                  : { id: pk, contact_id: contactId, body: 'b', created_at: 1 };
              // an insert as one row message (every column at one HLC), or as cells
              if (o.asRow) {
                perDevice[step.device]!.push({ kind: 'row', hlc, table, pk, contactId, values: columns });
                return;
              }
              Object.entries(columns).forEach(([column, value], j) =>
                perDevice[step.device]!.push({ kind: 'cell', hlc: stamp(j), table, pk, contactId, column, value }),
              );
              return;
            }
            if (o.kind === 'cell') {
              const column = table === 'contacts' ? (o.column === 'body' ? 'last_name' : o.column) : 'body';
              perDevice[step.device]!.push({ kind: 'cell', hlc, table, pk, contactId, column, value: o.value });
              return;
            }
            const deletionId = `r${run}-D${o.deletion}`;
            perDevice[step.device]!.push(
              o.kind === 'delete'
                ? { kind: 'delete', hlc, table, pk, contactId, deletionId, at: base }
                : { kind: 'restore', hlc, table, pk, contactId, deletionId },
            );
          });
          // random batches, alternating devices, each device's messages in generated or reversed order
          const queues = perDevice.map((list) => (reverse ? [...list].reverse() : [...list]));
          let turn = 0;
          let size = 0;
          while (queues[0]!.length + queues[1]!.length > 0) {
            const q = queues[turn % 2]!;
            const n = batchSizes[size++ % batchSizes.length]!;
            const batch = q.splice(0, n);
            if (batch.length > 0) {
              const res = await push((turn % 2 === 0 ? a : b).call, batch);
              expect(res.status, await res.clone().text()).toBe(200);
            }
            turn++;
          }
          const log = await pullAll(b);
          expect(dumpLines(await hub.dump())).toEqual(dumpLines(materialize(log)));
        },
      ),
      { numRuns: Number(process.env.KYRIOS_HUB_RUNS ?? 30) },
    );
  });
});
