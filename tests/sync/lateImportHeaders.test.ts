// A header-less import pushed after the purge of the contact in its first row (docs/sync.md, "A purge erases the
// import's copies of the contact, everywhere"): the file's first row, kept as the import's column names, holds the
// purged contact's name and email. The hub no longer holds the contact's values to compare them with; the member's
// machine that made the import does (until it applies the purge): it renames them when it applies the purge, and
// its rename reaches the hub, which rewrites the earlier messages carrying the names. Every machine, the hub's log
// and a member joining later end with "column N" only. A real hub on embedded PostgreSQL, replica cores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../shared/domain.ts';
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
async function importCsv(r: Replica, lines: string[], header: string): Promise<string> {
  const { bulkActionId } = await r.call<{ bulkActionId: string }>('import.start', {
    fileName: 'people.csv',
    contentBase64: b64([header, ...lines].join('\n')),
    mapping: { firstName: 0, lastName: 1, email: 2 },
    onDuplicate: 'skip',
  });
  await r.runBulk();
  return bulkActionId;
}
const headersOf = (r: Replica, action: string) =>
  (JSON.parse(r.row('bulk_actions', action)!.params as string) as { headers: string[] }).headers;
const hubHolds = (text: string) => hub.countMessages('body::text LIKE $1', [`%${text}%`]);
const outboxHolds = (r: Replica, text: string) =>
  r.core.db.prepare('SELECT count(*) FROM sync_outbox WHERE value LIKE ? OR vals LIKE ?').pluck().get(`%${text}%`, `%${text}%`) as number;

describe("a header-less import that reaches the hub after the purge of its first row's contact", () => {
  it('pushed before its maker learns of the purge: renamed on every machine, in the hub log and for a later joiner', async () => {
    const a = await replica('A', hub, { now: clock });
    const b = await replica('B', hub, { now: clock, role: 'member' });
    const hugo = await a.createContact({ firstName: 'Hugo', lastName: 'Late', email: 'hugo.late@x.org' });
    await a.sync();
    await b.sync();
    b.cut();
    await a.deleteOne(hugo.id);
    await a.sync();
    clock.advance(61 * DAY_MS);
    expect(await hub.runRetention()).toBeGreaterThan(0);
    await a.sync();
    // B, offline, still holds Hugo: it imports a file whose first row is Hugo's
    const action = await importCsv(b, ['Ivy,New,ivy.late@x.org'], 'Hugo,Late,hugo.late@x.org');
    expect(headersOf(b, action)).toEqual(['Hugo', 'Late', 'hugo.late@x.org']);
    b.cut(false);
    await b.sync(); // pushes the import, then pulls the purge
    await a.sync();
    await b.sync();
    const c = await replica('C', hub, { now: clock, role: 'member' });
    for (const r of [a, b, c]) {
      expect(r.row('contacts', hugo.id), r.name).toBeUndefined();
      expect(headersOf(r, action), r.name).toEqual(['column 1', 'column 2', 'column 3']);
      expect(outboxHolds(r, 'hugo.late@x.org'), r.name).toBe(0);
    }
    expect(await hubHolds('hugo.late@x.org')).toBe(0);
    expect(await hubHolds('"Late"')).toBe(0);
    expectConverged(await hub.dump(), [a, b, c]);
    for (const r of [a, b, c]) await r.cleanup();
  });

  it('its maker applies the purge before pushing it: the unsent import is renamed before it leaves the machine', async () => {
    const a = await replica('A2', hub, { now: clock });
    const b = await replica('B2', hub, { now: clock, role: 'member' });
    const hana = await a.createContact({ firstName: 'Hana', lastName: 'Unsent', email: 'hana.unsent@x.org' });
    await a.sync();
    await b.sync();
    await a.deleteOne(hana.id);
    await a.sync();
    clock.advance(61 * DAY_MS);
    expect(await hub.runRetention()).toBeGreaterThan(0);
    // B imports while a sync is already pulling (a sync pushes, pulls, then pushes what was made meanwhile):
    // B applies the purge while the import's messages wait in its outbox
    b.cut();
    const action = await importCsv(b, ['Ike,New,ike.unsent@x.org'], 'Hana,Unsent,hana.unsent@x.org');
    b.cut(false);
    await (b.team as unknown as { pullAll(): Promise<void> }).pullAll();
    expect(headersOf(b, action)).toEqual(['column 1', 'column 2', 'column 3']);
    expect(outboxHolds(b, 'hana.unsent@x.org')).toBe(0);
    await b.sync();
    await a.sync();
    for (const r of [a, b]) expect(headersOf(r, action), r.name).toEqual(['column 1', 'column 2', 'column 3']);
    expect(await hubHolds('hana.unsent@x.org')).toBe(0);
    expectConverged(await hub.dump(), [a, b]);
    for (const r of [a, b]) await r.cleanup();
  });
});
