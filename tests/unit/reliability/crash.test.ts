// The shortened crash harness inside `npm test`: one round per operation (bulk delete, bulk restore,
// purge, import, restore from a backup), each killed with SIGKILL at a seeded moment and restarted. The full run with more
// rounds is `npm run test:crash` (tests/crash/run.ts).
import { expect, it } from 'vitest';
import { formatRound, OPERATIONS, runCrashRounds } from '../../crash/crashHarness.ts';

it('survives SIGKILL during each operation: actions finish, rows stay whole, nothing live is lost', async () => {
  const results = await runCrashRounds({ rounds: OPERATIONS.length, seed: Number(process.env.CRASH_SEED ?? 11), contacts: 600 });
  const report = results.map(formatRound).join('\n');
  expect(results.map((r) => r.operation)).toEqual([...OPERATIONS]);
  expect(results.filter((r) => !r.ok), report).toEqual([]);
}, 180_000);
