// A purge erases a contact's copies in import rows everywhere (docs/sync.md, "Decisions": "A purge erases
// the import's copies of the contact"): a skipped import row keeps the cells of the contact it duplicated
// (bulk_action_items.payload), and a row refused for repeating that line keeps them too. The purge made by
// the hub's retention leaves of them, on every replica, on the hub (its state and its message log) and on
// a replica joining later, only the line, as the one-machine purge does; also when the import reaches the
// hub after the purge (made offline). Two replicas and a real hub on embedded PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../shared/domain.ts';
import { PURGED_DUPLICATE_REASON } from '../../electron/core/lifecycle/purgeContactRows.ts';
import { fakeClock } from '../helpers/core.ts';
import { expectConverged, replica, type Replica } from './replicas.ts';
import { startTeamHub, type TeamHub } from './teamHub.ts';

const clock = fakeClock();
let hub: TeamHub;
beforeAll(async () => {
  hub = await startTeamHub({ now: clock });
});
afterAll(async () => {
  await hub?.stop();
});

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** Imports a CSV on `r` (skipping duplicates) and runs it to the end; returns the bulk action's id. */
async function importCsv(r: Replica, lines: string[], header = 'First Name,Last Name,Email'): Promise<string> {
  const { bulkActionId } = await r.call<{ bulkActionId: string }>('import.start', {
    fileName: 'people.csv',
    contentBase64: b64([header, ...lines].join('\n')),
    mapping: { firstName: 0, lastName: 1, email: 2 },
    onDuplicate: 'skip',
  });
  await r.runBulk();
  return bulkActionId;
}

const items = (r: Replica, actionId: string) =>
  r.core.db
    .prepare('SELECT seq, state, code, reason, payload FROM bulk_action_items WHERE action_id = ? ORDER BY seq')
    .all(actionId) as { seq: number; state: string; code: string | null; reason: string | null; payload: string }[];

/** Where the hub still holds a text: its message log and its state (`rows`; it keeps no cells since hub migration 003). */
async function hubHolds(text: string): Promise<number> {
  const db = hub.hub.hub.db;
  const m = await db.query<{ n: string }>('SELECT count(*) AS n FROM messages WHERE body::text LIKE $1', [`%${text}%`]);
  const c = await db.query<{ n: string }>('SELECT count(*) AS n FROM rows r WHERE r::text LIKE $1', [`%${text}%`]);
  return Number(m.rows[0]!.n) + Number(c.rows[0]!.n);
}
const replicaHolds = (r: Replica, text: string) =>
  r.core.db
    .prepare('SELECT count(*) FROM bulk_action_items WHERE payload LIKE ? OR reason LIKE ?')
    .pluck()
    .get(`%${text}%`, `%${text}%`) as number;

async function purgeByRetention(rs: Replica[]): Promise<void> {
  clock.advance(61 * DAY_MS);
  expect(await hub.runRetention()).toBeGreaterThan(0);
  for (const r of rs) await r.sync();
}

describe('a purge erases the import copies of the contact everywhere', () => {
  it('an import made before the purge: its copies are erased on both replicas, the hub and a later joiner', async () => {
    const a = await replica('A', hub, { now: clock });
    const b = await replica('B', hub, { now: clock, role: 'member' });
    const cara = await a.createContact({ firstName: 'Cara', lastName: 'Bell', email: 'cara.bell@x.org' });
    await a.sync();
    const action = await importCsv(a, [
      'Cara,Dup,cara.bell@x.org', // line 2: a duplicate of Cara, skipped, its cells kept for the errors file
      'Cara,Again,cara.bell@x.org', // line 3: repeats line 2, refused up front
      'Zed,Ok,zed.ok@x.org', // line 4: imported
    ]);
    await a.sync();
    await b.sync();
    expect(replicaHolds(b, 'cara.bell@x.org')).toBe(2); // both copies reached B
    expect(await hubHolds('cara.bell@x.org')).toBeGreaterThan(0);

    await a.deleteOne(cara.id);
    await a.sync();
    await purgeByRetention([a, b]);

    for (const r of [a, b]) {
      expect(items(r, action)).toEqual([
        {
          seq: expect.any(Number),
          state: 'skipped',
          code: 'DUPLICATE',
          reason: PURGED_DUPLICATE_REASON,
          payload: '{"line":2}',
        },
        {
          seq: expect.any(Number),
          state: 'skipped',
          code: 'INVALID',
          reason: PURGED_DUPLICATE_REASON,
          payload: '{"line":3}',
        },
        {
          seq: expect.any(Number),
          state: 'done',
          code: null,
          reason: null,
          payload: '{"line":4}', // a row imported keeps its line only, as before
        },
      ]);
      expect(replicaHolds(r, 'cara.bell@x.org')).toBe(0);
    }
    expect(await hubHolds('cara.bell@x.org')).toBe(0);
    expect(await hubHolds('zed.ok@x.org')).toBeGreaterThan(0);
    const late = await replica('Late', hub, { now: clock, role: 'viewer' });
    expect(replicaHolds(late, 'cara.bell@x.org')).toBe(0);
    expectConverged(await hub.dump(), [a, b, late]);
    for (const r of [a, b, late]) await r.cleanup();
  });

  it('a row skipped as matching two contacts is erased when its second contact is purged (found by its payload)', async () => {
    // The hub finds such a row by the second contact its payload names (payload.alsoMatches, an index of hub
    // migration 005): its contact_id names the first contact, which stays.
    const a = await replica('A3', hub, { now: clock });
    const b = await replica('B3', hub, { now: clock, role: 'member' });
    const first = await a.createContact({ firstName: 'Quin', lastName: 'Stay', email: 'quin.stay@x.org' });
    const second = await a.createContact({ firstName: 'Pia', lastName: 'Gone', phone: '+1 415 555 0177' });
    await a.sync();
    const { bulkActionId: action } = await a.call<{ bulkActionId: string }>('import.start', {
      fileName: 'two.csv',
      contentBase64: b64(
        ['First Name,Last Name,Email,Phone', 'Ulla,Twomatch,quin.stay@x.org,+1 415 555 0177'].join('\n'),
      ),
      mapping: { firstName: 0, lastName: 1, email: 2, phone: 3 },
      onDuplicate: 'update',
    });
    await a.runBulk();
    expect(
      a.core.db
        .prepare(
          "SELECT code, contact_id, json_extract(payload, '$.alsoMatches') AS also FROM bulk_action_items WHERE action_id = ?",
        )
        .all(action),
    ).toEqual([{ code: 'CONFLICT', contact_id: first.id, also: second.id }]);
    await a.sync();
    await b.sync();
    expect(await hubHolds('Twomatch')).toBeGreaterThan(0);

    await a.deleteOne(second.id);
    await a.sync();
    await purgeByRetention([a, b]);
    for (const r of [a, b]) {
      expect(items(r, action)).toEqual([
        {
          seq: expect.any(Number),
          state: 'skipped',
          code: 'CONFLICT',
          reason: PURGED_DUPLICATE_REASON,
          payload: '{"line":2}',
        },
      ]);
      expect(replicaHolds(r, 'Twomatch')).toBe(0);
    }
    expect(await hubHolds('Twomatch')).toBe(0);
    expect(await hubHolds('555 0177')).toBe(0);
    expectConverged(await hub.dump(), [a, b]);
    for (const r of [a, b]) await r.cleanup();
  });

  it("a file without a header row: its first row, kept as the import's column names, is renamed everywhere", async () => {
    const a = await replica('A3', hub, { now: clock });
    const b = await replica('B3', hub, { now: clock, role: 'member' });
    const hugo = await a.createContact({ firstName: 'Hugo', lastName: 'Head', email: 'hugo.head@x.org' });
    await a.sync();
    // the file's first row is Hugo's: it becomes the import's column names
    const action = await importCsv(b, ['Ivy,New,ivy.new@x.org'], 'Hugo,Head,hugo.head@x.org');
    await b.sync();
    await a.sync();
    expect(JSON.parse(a.row('bulk_actions', action)!.params as string).headers).toEqual([
      'Hugo',
      'Head',
      'hugo.head@x.org',
    ]);
    await a.deleteOne(hugo.id);
    await a.sync();
    await purgeByRetention([a, b]);
    for (const r of [a, b])
      expect(JSON.parse(r.row('bulk_actions', action)!.params as string).headers).toEqual([
        'column 1',
        'column 2',
        'column 3',
      ]);
    expect(await hubHolds('hugo.head@x.org')).toBe(0);
    expectConverged(await hub.dump(), [a, b]);
    for (const r of [a, b]) await r.cleanup();
  });

  it('an import made offline that reaches the hub after the purge: erased on arrival, everywhere', async () => {
    const a = await replica('A2', hub, { now: clock });
    const b = await replica('B2', hub, { now: clock, role: 'admin' });
    const dora = await b.createContact({ firstName: 'Dora', lastName: 'Vale', email: 'dora.vale@x.org' });
    await b.sync();
    await a.sync();
    a.cut();
    const action = await importCsv(a, ['Dora,Dup,dora.vale@x.org']);
    expect(replicaHolds(a, 'dora.vale@x.org')).toBe(1);
    await b.deleteOne(dora.id);
    await b.sync();
    await purgeByRetention([b]);
    a.cut(false);
    await a.sync();
    await b.sync();
    for (const r of [a, b]) {
      expect(items(r, action)).toEqual([
        {
          seq: expect.any(Number),
          state: 'skipped',
          code: 'DUPLICATE',
          reason: PURGED_DUPLICATE_REASON,
          payload: '{"line":2}',
        },
      ]);
    }
    expect(await hubHolds('dora.vale@x.org')).toBe(0);
    expectConverged(await hub.dump(), [a, b]);
    for (const r of [a, b]) await r.cleanup();
  });
});
