// With the reads on reader threads, a bulk chunk holds up only the calls that write, so chunks are
// sized to ~200 ms of CPU (bulk/runner.ts) instead of ~20: a bulk delete and its restore take a few
// commits, not one per 50-100 contacts (most of the restore's gap to the raw SQL was its commits).
// Counted here by the progress events, one per chunk; the time itself is the benchmark's.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LEDGER_FILE_NAME } from '../../../electron/core/purgeLedger/ledger.ts';
import { DAY_MS } from '../../../shared/domain.ts';
import { fakeClock } from '../../helpers/core.ts';
import { insertContacts } from '../../helpers/fixtures.ts';
import { seedDatabase } from '../../../electron/core/seed/seedDatabase.ts';
import { PURGE_CHUNK } from '../../../electron/core/lifecycle/purgeExpired.ts';
import { testCore } from '../../helpers/core.ts';
import { CHUNK_TARGET_CPU_MS, UNATTENDED_CHUNK_CPU_MS } from '../../../electron/core/bulk/runner.ts';
import { BULK_CACHE_KB, BULK_CACHE_SPILL_PAGES } from '../../../electron/core/db/bulkCache.ts';
import { purgeExpired } from '../../../electron/core/lifecycle/purgeExpired.ts';

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

  it('sizes chunks to ~1,500 ms while nobody edits, and to ~200 ms for 10 s after a call that writes', async () => {
    t = await testCore();
    const { core } = t;
    seedDatabase(core.db, { contacts: 3000, relatedPerContact: 20, seed: 7, now: Date.now() });
    const ids = core.db.prepare('SELECT id FROM contacts ORDER BY rowid').pluck().all() as string[];
    const other = (await t.call<{ id: string }>('contacts.create', { firstName: 'Ed', lastName: 'Itor' })).id;
    core.runner.start();
    const spillBefore = core.db.pragma('cache_spill', { simple: true });
    const cacheBefore = core.db.pragma('cache_size', { simple: true });
    const spills = new Set<unknown>();
    const caches = new Set<unknown>();
    const targets: number[] = [];
    let edited = false;
    core.events.on('bulkActions.progress', (p) => {
      if (p.processed === 0) return;
      spills.add(core.db.pragma('cache_spill', { simple: true }));
      caches.add(core.db.pragma('cache_size', { simple: true }));
      targets.push(core.runner.chunkTargetCpuMs);
      if (edited) return;
      edited = true;
      // A person saves an edit while the delete runs: it waited for a chunk, so the next ones are short.
      void t!.call('contacts.update', { id: other, company: 'Acme' });
    });
    // The call that starts the action comes before its run: it does not shorten its chunks.
    expect(core.runner.chunkTargetCpuMs).toBe(UNATTENDED_CHUNK_CPU_MS);
    await t.call('contacts.delete', { ids });
    await core.runner.idle();
    expect(targets.length).toBeGreaterThanOrEqual(2);
    expect(targets[0]).toBe(UNATTENDED_CHUNK_CPU_MS);
    expect(targets.slice(1).every((ms) => ms === CHUNK_TARGET_CPU_MS), `targets: ${targets.join(', ')}`).toBe(true);
    expect(core.runner.attended).toBe(true);
    // A chunk may hold 256 MB of dirty pages before spilling, in a 256 MB cache; both back to the connection's own after.
    expect([...spills]).toEqual([BULK_CACHE_SPILL_PAGES]);
    expect([...caches]).toEqual([-BULK_CACHE_KB]);
    expect(cacheBefore).toBe(-65536);
    expect(core.db.pragma('cache_size', { simple: true })).toBe(cacheBefore);
    expect(core.db.pragma('cache_spill', { simple: true })).toBe(spillBefore);
    expect(core.db.prepare('SELECT company FROM contacts WHERE id = ?').pluck().get(other)).toBe('Acme');
    expect(core.db.prepare('SELECT count(*) FROM contacts WHERE deleted_at IS NOT NULL').pluck().get()).toBe(3000);
  });

  it('purges in chunks of PURGE_CHUNK contacts', () => {
    expect(PURGE_CHUNK).toBeGreaterThanOrEqual(1000);
  });

  it('purges 5,000 expired contacts in one transaction (one purge-ledger entry, one commit and checkpoint)', async () => {
    const clock = fakeClock();
    t = await testCore({ now: clock });
    const ids = insertContacts(t.core.db, 5000, { related: false });
    t.core.runner.start();
    await t.call('contacts.delete', { ids });
    await t.core.runner.idle();
    clock.advance(61 * DAY_MS);
    expect((await t.call<{ purged: number }>('lifecycle.purgeExpired', {})).purged).toBe(5000);
    const lines = fs.readFileSync(path.join(t.dataDir, LEDGER_FILE_NAME), 'utf8').trim().split('\n');
    const purges = lines.map((l) => JSON.parse(l) as { contacts?: string[] }).filter((e) => e.contacts);
    expect(purges.map((e) => e.contacts!.length)).toEqual([5000]);
    expect(t.core.db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(0);
    expect(t.core.db.prepare('SELECT count(*) FROM purged_contacts').pluck().get()).toBe(5000);
  });

  it('purges in the bulk cache, and gives the connection its own cache back after', async () => {
    const clock = fakeClock();
    t = await testCore({ now: clock });
    const { db } = t.core;
    const ids = insertContacts(db, 300, { related: false });
    t.core.runner.start();
    await t.call('contacts.delete', { ids });
    await t.core.runner.idle();
    clock.advance(61 * DAY_MS);
    const before = [db.pragma('cache_size', { simple: true }), db.pragma('cache_spill', { simple: true })];
    const during: unknown[][] = [];
    // Asked between chunks, and before the search index is merged after them.
    const shouldStop = () => {
      during.push([db.pragma('cache_size', { simple: true }), db.pragma('cache_spill', { simple: true })]);
      return false;
    };
    expect(await purgeExpired(t.core.ctx, { chunk: 100, shouldStop })).toBe(300);
    expect(during.length).toBeGreaterThanOrEqual(3);
    expect(new Set(during.map((d) => d.join()))).toEqual(new Set([[-BULK_CACHE_KB, BULK_CACHE_SPILL_PAGES].join()]));
    expect([db.pragma('cache_size', { simple: true }), db.pragma('cache_spill', { simple: true })]).toEqual(before);
    expect(before[0]).toBe(-65536);
  });
});
