// `npm run test:crash`: the full crash harness. CRASH_ROUNDS (default 25) and CRASH_SEED (default 1)
// choose the rounds; round i replays exactly from seed CRASH_SEED + i.
import { runCrashRounds } from './crashHarness.ts';

const rounds = Number(process.env.CRASH_ROUNDS ?? 25);
const seed = Number(process.env.CRASH_SEED ?? 1);
// Large enough that each action takes several chunks, so most kills land mid-way: a chunk is ~500 ms
// of CPU (bulk/runner.ts) and the purge 5,000 contacts a transaction, so with 1,200 contacts nearly
// every bulk delete, restore and import had finished, in one or two chunks, before its kill.
const contacts = Number(process.env.CRASH_CONTACTS ?? 24_000);
const importRows = Number(process.env.CRASH_IMPORT_ROWS ?? 6_000);
console.log(`crash harness: ${rounds} rounds from seed ${seed} (SIGKILL during bulk delete, bulk restore, purge, import, restore from a backup)`);
console.log('round      seed  operation     kill                      state at kill                     recovery                            outcome');
const results = await runCrashRounds({ rounds, seed, contacts, importRows, log: (line) => console.log(line) });
const failed = results.filter((r) => !r.ok);
const byOp = Object.entries(Object.groupBy(results, (r) => r.operation)).map(([op, rs]) => `${op} ${rs!.length}`);
// Killed mid-way: an action running (or queued) at the kill, or a purge part done.
const partPurged = (atKill: string) => {
  const m = /^purged (\d+)\/(\d+)/.exec(atKill);
  return m !== null && Number(m[1]) > 0 && m[1] !== m[2];
};
const midway = results.filter((r) => /^(running|queued)/.test(r.atKill) || partPurged(r.atKill)).length;
console.log(`\n${results.length - failed.length}/${results.length} rounds passed (${byOp.join(', ')}); ${midway} killed an action mid-way.`);
process.exit(failed.length ? 1 : 0);
