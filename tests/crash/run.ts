// `npm run test:crash`: the full crash harness. CRASH_ROUNDS (default 25) and CRASH_SEED (default 1)
// choose the rounds; round i replays exactly from seed CRASH_SEED + i.
import { runCrashRounds } from './crashHarness.ts';

const rounds = Number(process.env.CRASH_ROUNDS ?? 25);
const seed = Number(process.env.CRASH_SEED ?? 1);
console.log(`crash harness: ${rounds} rounds from seed ${seed} (SIGKILL during bulk delete, bulk restore, purge, import, restore from a backup)`);
console.log('round      seed  operation     kill                      state at kill                     recovery                            outcome');
const results = await runCrashRounds({ rounds, seed, log: (line) => console.log(line) });
const failed = results.filter((r) => !r.ok);
const byOp = Object.entries(Object.groupBy(results, (r) => r.operation)).map(([op, rs]) => `${op} ${rs!.length}`);
console.log(`\n${results.length - failed.length}/${results.length} rounds passed (${byOp.join(', ')}).`);
process.exit(failed.length ? 1 : 0);
