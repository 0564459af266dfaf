import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/core.ts';

const dir = tempDir('kyrios-bench-smoke-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('npm run bench (smoke, 300 contacts)', () => {
  it('runs the lifecycle end to end on the real core and writes JSON of the documented shape', () => {
    const json = path.join(dir, 'bench.json');
    execFileSync(
      process.execPath,
      ['tests/bench/run.ts', '--contacts', '300', '--related', '4', '--json', json, '--quiet'],
      {
        cwd: path.resolve(import.meta.dirname, '../../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 120_000,
      },
    );
    const r = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(r.contacts).toBe(300);
    expect(r.machine).toMatchObject({ cores: expect.any(Number), cpu: expect.any(String), sqlite: expect.any(String) });
    expect(r.scenarios).toHaveLength(3);
    for (const s of r.scenarios) {
      expect(s).toMatchObject({
        name: expect.any(String),
        ms: expect.any(Number),
        rawMs: expect.any(Number),
        ratio: expect.any(Number),
      });
      // The product and the raw SQL made the same changes to the data.
      expect(s.sameChanges, s.name).toBe(true);
    }
    // Each step ran three rounds, each the product's run then the raw SQL's (the purge's on fresh copies).
    expect(r.scenarios.map((s: { rounds: unknown[] }) => s.rounds.length)).toEqual([3, 3, 3]);
    for (const s of r.scenarios)
      for (const round of s.rounds)
        expect(round).toMatchObject({ ms: expect.any(Number), rawMs: expect.any(Number), cpuMs: expect.any(Number), rawCpuMs: expect.any(Number) });
    expect(r.responsiveness).toMatchObject({
      p50Ms: expect.any(Number),
      p99Ms: expect.any(Number),
      maxMs: expect.any(Number),
    });
    expect(r.responsiveness.samples).toBeGreaterThan(0);
    expect(r.queries.map((q: { name: string }) => q.name)).toEqual([
      'contacts.list first page, by name',
      'search: name prefix (3 letters)',
      'search: email',
      'search: phone digits (last 7)',
      'app: name prefix, newest first, 25',
      'app: name prefix, by name, 25',
      'restore.list first page',
      'restore.list sorted by name',
      'restore.list sorted by -name',
      'restore.list sorted by deletedBy',
      'restore.list sorted by -deletedBy',
      'restore.list sorted by purgeAt',
      'restore.matchingIds (all)',
      'bulkActions.detail of the delete',
      'bulkActions.items, a page of its contacts',
      'bulkActions.restorePreview of the delete',
    ]);
    for (const q of r.queries) expect(q).toMatchObject({ p50Ms: expect.any(Number), p95Ms: expect.any(Number) });
    expect(r.peakRssMb).toBeGreaterThan(0);
  });
});
