// With the reads on reader threads, a bulk chunk holds up only the calls that write, so chunks are
// sized to ~200 ms of CPU (bulk/runner.ts) instead of ~20: a bulk delete and its restore take a few
// commits, not one per 50-100 contacts (most of the restore's gap to the raw SQL was its commits).
// Counted here by the progress events, one per chunk; the time itself is the benchmark's.
import { afterEach, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../../electron/core/seed/seedDatabase.ts';
import { PURGE_CHUNK } from '../../../electron/core/lifecycle/purgeExpired.ts';
import { testCore } from '../../helpers/core.ts';

let t: Awaited<ReturnType<typeof testCore>> | null = null;
afterEach(async () => {
  await t?.cleanup();
  t = null;
});

describe('bulk chunk budget', () => {
  it('deletes and restores 3,000 contacts in a handful of chunks', async () => {
    t = await testCore();
    const { core } = t;
    seedDatabase(core.db, { contacts: 3000, relatedPerContact: 20, seed: 7, now: Date.now() });
    const ids = core.db.prepare('SELECT id FROM contacts ORDER BY rowid').pluck().all() as string[];
    const chunks = new Map<string, number[]>();
    core.events.on('bulkActions.progress', (p) => {
      const seen = chunks.get(p.id) ?? [];
      // A chunk moves `processed`; a slice of the selection being prepared moves only `total`.
      if (p.processed > (seen.at(-1) ?? 0)) seen.push(p.processed);
      chunks.set(p.id, seen);
    });
    core.runner.start();
    const del = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    await core.runner.idle();
    const restore = await t.call<{ bulkActionId: string }>('bulkActions.restore', { id: del.bulkActionId });
    await core.runner.idle();
    for (const id of [del.bulkActionId, restore.bulkActionId]) {
      const steps = chunks.get(id)!;
      expect(steps.at(-1)).toBe(3000);
      // ~20 ms chunks took 18 here, growing from 50 contacts by ~150 a chunk; ~200 ms chunks take 2-4.
      expect(steps.length, `chunks: ${steps.join(', ')}`).toBeLessThanOrEqual(8);
    }
  });

  it('purges in chunks of PURGE_CHUNK contacts', () => {
    expect(PURGE_CHUNK).toBeGreaterThanOrEqual(1000);
  });
});
