// The "Needs review" list (issue 15): contacts that sync marked as duplicates, each named with the contact
// it clashes with, on both machines; resolving the clash empties it. A real hub on embedded PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NeedsReviewItem } from '../../shared/contract.ts';
import { startTeamHub, type TeamHub } from './teamHub.ts';
import { replica, type Replica } from './replicas.ts';

let hub: TeamHub;
let open: Replica[] = [];
beforeAll(async () => {
  hub = await startTeamHub();
});
afterAll(async () => {
  await hub?.stop();
});
afterEach(async () => {
  for (const r of open) await r.cleanup();
  open = [];
});
const make = async (name: string) => {
  const r = await replica(name, hub);
  open.push(r);
  return r;
};
const list = (r: Replica) => r.call<{ items: NeedsReviewItem[]; total: number }>('contacts.needsReview', {});

describe('needs review', () => {
  it('lists the later of two contacts made offline with one email, naming both, on both machines; resolving it empties the list', async () => {
    const a = await make('A');
    const b = await make('B');
    expect(await list(a)).toEqual({ items: [], total: 0 });
    a.cut();
    b.cut();
    const first = await a.createContact({ firstName: 'Ann', lastName: 'First', email: 'ann@example.com' });
    await new Promise((r) => setTimeout(r, 5)); // a later hybrid-clock time: B's is created second
    const second = await b.createContact({
      firstName: 'Anne',
      lastName: 'Second',
      email: 'ANN@example.com',
      company: 'B Co',
    });
    a.cut(false);
    b.cut(false);
    await a.sync();
    await b.sync();
    await a.sync();
    for (const r of [a, b]) {
      expect(await list(r), r.name).toEqual({
        total: 1,
        items: [
          {
            contact: {
              id: second.id,
              firstName: 'Anne',
              lastName: 'Second',
              email: 'ANN@example.com',
              phone: null,
              company: 'B Co',
            },
            clashesWith: {
              id: first.id,
              firstName: 'Ann',
              lastName: 'First',
              email: 'ann@example.com',
              phone: null,
              company: null,
            },
            shared: ['email'],
          },
        ],
      });
    }
    await b.call('contacts.update', { id: second.id, email: 'anne@example.com' });
    await b.sync();
    await a.sync();
    expect(await list(a)).toEqual({ items: [], total: 0 });
    expect(await list(b)).toEqual({ items: [], total: 0 });
  });
});
