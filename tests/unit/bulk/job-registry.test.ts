// Bulk jobs are a registry (bulk/jobs.ts): the lifecycle and the import register theirs, and bulk/
// never imports them, so the dependency runs one way and a new kind (the team sync's apply) plugs in.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { jobOf } from '../../../electron/core/bulk/jobs.ts';
import { bulkDeleteJob } from '../../../electron/core/lifecycle/bulkDeleteJob.ts';
import { bulkRestoreJob } from '../../../electron/core/lifecycle/bulkRestoreJob.ts';
import { importJob } from '../../../electron/core/import/importJob.ts';
import { testCore } from '../../helpers/core.ts';

let t: Awaited<ReturnType<typeof testCore>> | undefined;
afterEach(async () => t?.cleanup());

it('bulk/ imports nothing from the parts that register jobs with it', () => {
  const dir = path.resolve(import.meta.dirname, '../../../electron/core/bulk');
  const offenders = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) =>
      [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/from '\.\.\/(lifecycle|import)\/[^']+'/g)].map((m) => `${f}: ${m[0]}`),
    );
  expect(offenders).toEqual([]);
});

it('a core runs the jobs its parts registered', async () => {
  t = await testCore();
  expect(jobOf('delete')).toBe(bulkDeleteJob);
  expect(jobOf('restore')).toBe(bulkRestoreJob);
  expect(jobOf('import')).toBe(importJob);
});
