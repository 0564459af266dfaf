// npm run bench -- [--contacts N] [--related K] [--rounds R] [--json FILE] [--scale-list] [--scale-data-dir DIR] [--keep]
//
// The contact lifecycle at scale, against the raw-SQLite lower bound on the same data. Seeds a fresh
// database with N contacts (about K related rows each, every kind), copies it, then on the REAL core
// (dispatcher, bulk runner, purge) measures: a bulk delete of half the contacts, the restore of that
// bulk action, and the purge of those contacts after ageing them past retention; and the same three
// as plain SQL on the copy, each product run followed by the raw SQL's (R rounds of each, medians
// reported; each purge round on fresh copies of both files, since a purge destroys what it purges).
// Also: dispatcher latency while the bulk delete runs, the Contacts list and search at N (and at
// 1,000,000 with --scale-list), the Restore tab with N/2 deleted, and peak RSS.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DB_FILE_NAME } from '../../electron/core/core.ts';
import { openDatabase } from '../../electron/core/db/open.ts';
import { openReadOnly } from '../../electron/core/worker/readerCore.ts';
import { startCoreProxy } from '../../electron/core/worker/coreProxy.ts';
import { OWNED_TABLES } from '../../electron/core/lifecycle/ownedTables.ts';
import { DAY_MS } from '../../shared/domain.ts';
import { actionWatcher, call } from './actions.ts';
import { startLatencyProbe, type ProbeCall } from './latencyProbe.ts';
import { machine } from './machine.ts';
import { measureListAndSearch, timeChannel, type QueryFigure } from './queries.ts';
import { rawDelete, rawPurge, rawRestore, type Timing } from './rawBound.ts';
import { cpuSince, median, peakRssMb, round } from './stats.ts';
import { stateSignature } from './stateSignature.ts';
import { actionCpuMs, quietAfter, threadCpuSince, threadSnapshot } from './threadCpu.ts';
import { CHECKPOINT_THREAD_NAME } from '../../electron/core/bulk/checkpointer.ts';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '100000' },
    related: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    json: { type: 'string' },
    'scale-list': { type: 'boolean', default: false },
    'scale-contacts': { type: 'string', default: '1000000' },
    'scale-data-dir': { type: 'string' },
    keep: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});
const N = Number(values.contacts);
const RELATED = Number(values.related);
if (!Number.isInteger(N) || N < 2) throw new Error('--contacts must be a whole number of at least 2');
const ROUNDS = Number(values.rounds);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('--rounds must be a whole number of at least 1');
const log = (...a: unknown[]) => {
  if (!values.quiet) console.error(...a);
};

interface Scenario {
  name: string;
  /** Wall-clock time, start of the call to the action's end. */
  ms: number;
  rawMs: number;
  ratio: number;
  /** CPU time of this process over the same span: steadier than wall time on a shared machine. */
  cpuMs: number;
  rawCpuMs: number;
  cpuRatio: number;
  /** Each round's pair: the product's run and the raw SQL's right after it. */
  rounds: { ms: number; rawMs: number; cpuMs: number; rawCpuMs: number }[];
  /** Whether the product and the raw SQL left the data in the same state (rows live/deleted per table). */
  sameChanges: boolean;
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-bench-'));
const productDir = path.join(root, 'product');
const rawDir = path.join(root, 'raw');
const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, '../..');

/**
 * On disk before anything is timed: a copy leaves ~1 GB of dirty pages, and the product's first fsync
 * (the first commit of a new WAL syncs its header) then waited for the file system to write them all
 * (contacts.delete answered in 390 ms instead of ~70, the longest wait of the probe).
 */
function syncDataFile(dir: string): void {
  const fd = fs.openSync(path.join(dir, DB_FILE_NAME), 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}

/**
 * A timed step's span, from now to `end(at)` (a performance.now()): its wall time, and its CPU time that of
 * its own threads (all but the bench's and the readers', threadCpu.ts), or the process's without /proc.
 */
function startSpan() {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const threads0 = threadSnapshot();
  return {
    t,
    end(at: number) {
      const ms = at - t;
      const processCpuMs = cpuSince(cpu);
      const threads = threadCpuSince(threads0);
      const cpuMs = Object.keys(threads).length > 0 ? actionCpuMs(threads) : processCpuMs;
      log(`   ${Math.round(ms)} ms wall, ${Math.round(cpuMs)} ms CPU (process ${Math.round(processCpuMs)}); by thread: ${JSON.stringify(threads)}`);
      return { ms, cpuMs, processCpuMs, threads };
    },
  };
}

/**
 * A closed data folder copied whole (no WAL is left after a clean close), synced, with its WAL file
 * already as large as the database: the size the earlier steps' one-transaction runs leave the raw
 * copy's WAL at. A one-transaction purge rewrites nearly every page (secure delete, the index merge):
 * at 100,000 its WAL reaches ~850 MB, and growing a new file that far cost the raw SQL 3.5-8 s of
 * system CPU (11.7-16.9 s in all, against 7.9-8.4 s with the file at size; user time the same). The
 * product's copy gets the same file (its WAL stays within the checkpoint interval). SQLite takes a
 * WAL file whose header is not valid as empty and writes over it.
 */
function copyDataDir(from: string, to: string): string {
  fs.cpSync(from, to, { recursive: true, filter: (src) => !/-(wal|shm)$/.test(src) });
  const db = path.join(to, DB_FILE_NAME);
  const fd = fs.openSync(`${db}-wal`, 'w');
  const zeros = Buffer.alloc(1 << 20);
  for (let left = fs.statSync(db).size; left > 0; left -= zeros.length) fs.writeSync(fd, zeros, 0, Math.min(left, zeros.length));
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  syncDataFile(to);
  return to;
}

try {
  // ---- seed, then copy the file: the product and the raw SQL start from identical databases
  log(`Seeding ${N.toLocaleString('en')} contacts with ~${RELATED} related rows each in ${root} ...`);
  // In a process of its own, like the list at scale: seeding 2M rows leaves this process a heap of
  // garbage, and the first allocations of the timed run then paid a ~400 ms full GC the app never has.
  const seedStart = performance.now();
  execFileSync(
    process.execPath,
    [
      path.join(repo, 'scripts/seed.ts'),
      ...['--data-dir', productDir, '--contacts', String(N), '--related', String(RELATED)],
      ...['--seed', '1', '--fts', 'bulk', '--batch', '10000'],
    ],
    { stdio: ['ignore', values.quiet ? 'ignore' : 2, 'inherit'] },
  );
  const seeded = { ms: performance.now() - seedStart };
  const relatedRows = await (async () => {
    const { db } = await openDatabase({ file: path.join(productDir, DB_FILE_NAME) });
    const n = OWNED_TABLES.reduce(
      (sum, { table }) => sum + (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number),
      0,
    );
    db.close();
    return n;
  })();
  log(`  ${relatedRows.toLocaleString('en')} related rows, seeded in ${(seeded.ms / 1000).toFixed(1)} s`);
  fs.mkdirSync(rawDir, { recursive: true });
  fs.copyFileSync(path.join(productDir, DB_FILE_NAME), path.join(rawDir, DB_FILE_NAME));
  for (const dir of [productDir, rawDir]) syncDataFile(dir);

  // ---- the product, as the app runs it: the proxy the window's IPC uses, the core on its writer and
  // reader threads (electron/core/worker/), the bulk runner on the writer
  // No automatic backup: a minute after start it copies and checks the whole file (900 MB here), inside
  // whichever scenario runs then (the timed delete took 16.9 s of CPU instead of 11.8-13 when it did).
  const core = await startCoreProxy({ dataDir: productDir, now: () => Date.now(), background: true, automaticBackups: false });
  // The benchmark's own read-only connection: what to delete, the search samples, the state signatures.
  const look = openReadOnly(path.join(productDir, DB_FILE_NAME));
  const watcher = actionWatcher(core);
  const half = look
    .prepare('SELECT id FROM contacts WHERE deleted_at IS NULL AND rowid % 2 = 0 ORDER BY rowid')
    .pluck()
    .all() as string[];
  log(`Measuring list and search at ${N.toLocaleString('en')} ...`);
  const queries: QueryFigure[] = await measureListAndSearch(look, core.dispatcher);
  // The probe: the Contacts list's first page and a search as the app sends it (3 letters, by name, 25).
  const prefixes = look
    .prepare("SELECT DISTINCT substr(last_name, 1, 3) FROM contacts WHERE rowid % 97 = 0 AND length(last_name) >= 3 LIMIT 50")
    .pluck()
    .all() as string[];
  const probeCalls: ProbeCall[] = [
    { label: 'list', channel: 'contacts.list', input: () => ({ sort: 'name', limit: 50 }) },
    { label: 'search', channel: 'contacts.list', input: (i) => ({ query: prefixes[i % prefixes.length], sort: 'name', limit: 25 }) },
  ];

  const runAction = async (start: () => Promise<{ bulkActionId: string }>) => {
    const span = startSpan();
    const { bulkActionId } = await start();
    const callMs = performance.now() - span.t;
    const action = await watcher.finished(bulkActionId);
    // The action ends once the runner is idle and its checkpoint worker has copied the last of its WAL
    // (the raw SQL's time includes its checkpoint too); the next scenario then starts with nothing left over.
    await core.idle();
    const measured = span.end(await quietAfter(CHECKPOINT_THREAD_NAME));
    if (action.status !== 'complete' || action.skipped > 0)
      throw new Error(
        `bulk action ${action.type} ended ${action.status} (${action.skipped} skipped): ${action.error ?? ''}`,
      );
    return { ...measured, action, callMs };
  };

  log(`1. bulk delete of ${half.length.toLocaleString('en')} contacts, with the list or a search every 10 ms meanwhile ...`);
  let probe = startLatencyProbe(core.dispatcher, probeCalls, 10);
  const del = await runAction(() => call(core, 'contacts.delete', { ids: half }));
  const responsiveness = await probe.stop();

  log('7. restore.list with N/2 deleted ...');
  queries.push(
    await timeChannel(
      core.dispatcher,
      'restore.list first page',
      half.length,
      'restore.list',
      (i) => ({ offset: (i % 3) * 50, limit: 50 }),
      40,
    ),
  );
  // Each sort of the Restore tab, read off its index (migration 011), and "Select all N matching".
  for (const sort of ['name', '-name', 'deletedBy', '-deletedBy', 'purgeAt'] as const) {
    queries.push(
      await timeChannel(core.dispatcher, `restore.list sorted by ${sort}`, half.length, 'restore.list', (i) => ({ sort, offset: (i % 3) * 50, limit: 50 }), 20),
    );
  }
  queries.push(await timeChannel(core.dispatcher, 'restore.matchingIds (all)', half.length, 'restore.matchingIds', () => ({}), 5));

  log('7b. the Bulk Actions detail of that delete: its label and fate, a page of its contacts, its restore preview ...');
  queries.push(
    await timeChannel(core.dispatcher, 'bulkActions.detail of the delete', half.length, 'bulkActions.detail', () => ({ id: del.action.id }), 20),
    await timeChannel(
      core.dispatcher,
      'bulkActions.items, a page of its contacts',
      half.length,
      'bulkActions.items',
      (i) => ({ id: del.action.id, state: 'done', offset: (i % 3) * 1000, limit: 25 }),
      20,
    ),
    await timeChannel(core.dispatcher, 'bulkActions.restorePreview of the delete', half.length, 'bulkActions.restorePreview', () => ({ id: del.action.id }), 5),
  );

  log('2. restore of that bulk action, with the list or a search every 10 ms meanwhile ...');
  probe = startLatencyProbe(core.dispatcher, probeCalls, 10);
  const restoreWithProbe = await runAction(() => call(core, 'bulkActions.restore', { id: del.action.id }));
  const responsivenessRestore = await probe.stop();

  // ---- the raw-SQL lower bound, on the copy, interleaved with the product's timed runs: this shared
  // machine's speed drifts by 10-30% over minutes, so each product run is paired with the raw SQL's
  // run of the same step right after it, and the ratio reported is the median of the rounds' ratios.
  const { db: raw } = await openDatabase({ file: path.join(rawDir, DB_FILE_NAME) });
  // Untimed: the raw copy gets the product's history so far (the delete and restore with the probe),
  // and its WAL file grows to its working size as the product's did.
  const rawWarm = rawDelete(raw, half, Date.now());
  rawRestore(raw, rawWarm.deletionId, rawWarm.actionId, Date.now());

  // The timed delete and restore run alone (the first ones shared the machine with the probe's calls,
  // whose reader threads count in this process's CPU time), ROUNDS times each.
  const rounds: { delete: [Timing, Timing]; restore: [Timing, Timing] }[] = [];
  let again!: Awaited<ReturnType<typeof runAction>>;
  let restore!: Awaited<ReturnType<typeof runAction>>;
  let sigAfterDelete: Record<string, string> = {};
  let sigAfterRestore: Record<string, string> = {};
  let rawSigDelete: Record<string, string> = {};
  let rawSigRestore: Record<string, string> = {};
  for (let r = 1; r <= ROUNDS; r++) {
    const last = r === ROUNDS;
    log(`1b. round ${r} of ${ROUNDS}: bulk delete, alone, then the raw SQL's ...`);
    again = await runAction(() => call(core, 'contacts.delete', { ids: half }));
    if (last) sigAfterDelete = stateSignature(look);
    const rd = rawDelete(raw, half, Date.now());
    if (last) rawSigDelete = stateSignature(raw);
    log(`   raw: ${Math.round(rd.ms)} ms wall, ${Math.round(rd.cpuMs)} ms CPU`);
    log(`2b. round ${r} of ${ROUNDS}: restore of that one, alone, then the raw SQL's ...`);
    restore = await runAction(() => call(core, 'bulkActions.restore', { id: again.action.id }));
    if (last) sigAfterRestore = stateSignature(look);
    const rr = rawRestore(raw, rd.deletionId, rd.actionId, Date.now());
    if (last) rawSigRestore = stateSignature(raw);
    log(`   raw: ${Math.round(rr.ms)} ms wall, ${Math.round(rr.cpuMs)} ms CPU`);
    rounds.push({ delete: [again, rd], restore: [restore, rr] });
  }
  log('1c. bulk delete once more, for the purge (and the raw SQL\'s) ...');
  await runAction(() => call(core, 'contacts.delete', { ids: half }));
  rawDelete(raw, half, Date.now() - 1);
  raw.close();
  watcher.stop();
  look.close();
  await core.close();

  // ---- the purge, ROUNDS times: a purge destroys what it purges, so each round starts from fresh copies
  // of both data folders as that delete left them, on a core started for it (as the app purges at start-up).
  const purgeRounds: [Timing, Timing][] = [];
  let purgeThreads: Record<string, number> = {};
  let purgeProcessCpuMs = 0;
  let sigAfterPurge: Record<string, string> = {};
  let rawSigPurge: Record<string, string> = {};
  for (let r = 1; r <= ROUNDS; r++) {
    const last = r === ROUNDS;
    const roundDir = path.join(root, `purge-${r}`);
    const productCopy = copyDataDir(productDir, path.join(roundDir, 'product'));
    const rawCopy = copyDataDir(rawDir, path.join(roundDir, 'raw'));
    log(`3. round ${r} of ${ROUNDS}: age past retention (+61 days), purge, then the raw SQL's ...`);
    let aged = 0;
    // No background work: its start-up purge pass would race the timed one (the purge needs no runner).
    const purgeCore = await startCoreProxy({ dataDir: productCopy, now: () => Date.now() + aged, background: false });
    aged = 61 * DAY_MS;
    const span = startSpan();
    // The purge checkpoints on the writer itself (no runner, no checkpoint worker): done when it answers.
    const purged = await call<{ purged: number }>(purgeCore, 'lifecycle.purgeExpired', {});
    const { ms, cpuMs, processCpuMs, threads } = span.end(performance.now());
    purgeProcessCpuMs = processCpuMs;
    purgeThreads = threads;
    if (purged.purged !== half.length) throw new Error(`purged ${purged.purged}, expected ${half.length}`);
    await purgeCore.close();
    const { db: rawRound } = await openDatabase({ file: path.join(rawCopy, DB_FILE_NAME) });
    const rp = rawPurge(rawRound, Date.now(), Date.now(), 'explicit');
    log(`   raw: ${Math.round(rp.ms)} ms wall, ${Math.round(rp.cpuMs)} ms CPU`);
    if (last) {
      rawSigPurge = stateSignature(rawRound);
      const after = openReadOnly(path.join(productCopy, DB_FILE_NAME));
      sigAfterPurge = stateSignature(after);
      after.close();
    }
    rawRound.close();
    purgeRounds.push([{ ms, cpuMs }, rp]);
    fs.rmSync(roundDir, { recursive: true, force: true });
  }

  const same = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(a) === JSON.stringify(b);
  /** Each figure is the median over the rounds' pairs, each ratio the median of the pairs' ratios. */
  const scenario = (name: string, pairs: [Timing, Timing][], sameChanges: boolean): Scenario => ({
    name,
    ms: round(median(pairs.map(([p]) => p.ms)), 0),
    rawMs: round(median(pairs.map(([, r]) => r.ms)), 0),
    ratio: round(median(pairs.map(([p, r]) => p.ms / r.ms)), 2),
    cpuMs: round(median(pairs.map(([p]) => p.cpuMs)), 0),
    rawCpuMs: round(median(pairs.map(([, r]) => r.cpuMs)), 0),
    cpuRatio: round(median(pairs.map(([p, r]) => p.cpuMs / r.cpuMs)), 2),
    rounds: pairs.map(([p, r]) => ({
      ms: round(p.ms, 0),
      rawMs: round(r.ms, 0),
      cpuMs: round(p.cpuMs, 0),
      rawCpuMs: round(r.cpuMs, 0),
    })),
    sameChanges,
  });
  const scenarios = [
    scenario(
      `bulk delete of ${half.length.toLocaleString('en')} contacts`,
      rounds.map((r) => r.delete),
      same(sigAfterDelete, rawSigDelete),
    ),
    scenario('restore of that bulk action', rounds.map((r) => r.restore), same(sigAfterRestore, rawSigRestore)),
    scenario(
      `purge of ${half.length.toLocaleString('en')} contacts past retention`,
      purgeRounds,
      same(sigAfterPurge, rawSigPurge),
    ),
  ];
  for (const [label, a, b] of [
    ['delete', sigAfterDelete, rawSigDelete],
    ['restore', sigAfterRestore, rawSigRestore],
    ['purge', sigAfterPurge, rawSigPurge],
  ] as const) {
    if (!same(a, b)) log(`  ! after ${label} the product and the raw SQL differ:`, a, b);
  }

  // ---- list and search at 1,000,000, in a process of its own (its own peak memory)
  let scale: { contacts: number; seedMs: number | null; peakRssMb: number; queries: QueryFigure[] } | null = null;
  if (values['scale-list']) {
    const scaleDir = values['scale-data-dir'] ?? path.join(root, 'scale');
    if (!fs.existsSync(path.join(scaleDir, DB_FILE_NAME))) {
      log(`Seeding ${Number(values['scale-contacts']).toLocaleString('en')} contacts for the list at scale ...`);
      execFileSync(
        process.execPath,
        [
          path.join(repo, 'scripts/seed.ts'),
          '--data-dir',
          scaleDir,
          '--contacts',
          String(values['scale-contacts']),
          '--related',
          '1',
          '--fts',
          'bulk',
          '--batch',
          '20000',
        ],
        { stdio: ['ignore', 'inherit', 'inherit'] },
      );
    }
    log('6. list and search at scale ...');
    const out = execFileSync(process.execPath, [path.join(here, 'scaleList.ts'), '--data-dir', scaleDir], {
      encoding: 'utf8',
    });
    scale = JSON.parse(out.trim().split('\n').pop()!);
    queries.push(...scale!.queries);
  }

  const result = {
    machine: machine(),
    contacts: N,
    relatedPerContact: RELATED,
    relatedRows,
    seedMs: round(seeded.ms, 0),
    scenarios,
    responsiveness,
    queries,
    peakRssMb: peakRssMb(),
    ...(scale ? { scale: { contacts: scale.contacts, peakRssMb: scale.peakRssMb } } : {}),
    /** The list and search every 10 ms during the first restore (responsiveness: during the first delete). */
    responsivenessRestore,
    /** The first bulk delete and restore, which ran with the latency probe. */
    deleteWithProbeMs: round(del.ms, 0),
    restoreWithProbeMs: round(restoreWithProbe.ms, 0),
    /** How long contacts.delete itself took to answer (the first wait the probe saw). */
    deleteCallMs: round(del.callMs, 1),
    /** CPU ms per thread (by the OS's thread name) of each timed scenario; cpuMs counts all but MainThread and kyrios-reader. */
    threadCpuMs: { delete: again.threads, restore: restore.threads, purge: purgeThreads },
    /** The same scenarios' CPU time of the whole process (the bench's thread and idle readers included). */
    processCpuMs: { delete: round(again.processCpuMs, 0), restore: round(restore.processCpuMs, 0), purge: round(purgeProcessCpuMs, 0) },
  };

  // ---- report
  const pad = (s: string | number, n: number) => String(s).padEnd(n);
  const padL = (s: string | number, n: number) => String(s).padStart(n);
  console.log(
    `\nKyrios lifecycle benchmark: ${N.toLocaleString('en')} contacts, ${relatedRows.toLocaleString('en')} related rows`,
  );
  console.log(
    `${result.machine.cpu} (${result.machine.cores} cores), ${result.machine.os}, Node ${result.machine.node}, SQLite ${result.machine.sqlite}\n`,
  );
  console.log(
    `${pad('scenario', 46)}${padL('product ms', 11)}${padL('raw ms', 9)}${padL('ratio', 8)}${padL('cpu ms', 9)}${padL('raw cpu', 9)}${padL('cpu ratio', 10)}  same changes`,
  );
  for (const s of scenarios)
    console.log(
      `${pad(s.name, 46)}${padL(s.ms, 11)}${padL(s.rawMs, 9)}${padL(s.ratio + 'x', 8)}${padL(s.cpuMs, 9)}${padL(s.rawCpuMs, 9)}${padL(s.cpuRatio + 'x', 10)}  ${s.sameChanges ? 'yes' : 'NO'}`,
    );
  console.log(`\neach round: product / raw SQL, wall ms and CPU ms (the figures above are the medians of ${ROUNDS})`);
  for (const s of scenarios)
    console.log(
      `  ${pad(s.name, 44)}${s.rounds.map((r) => `${r.ms} / ${r.rawMs} (${round(r.ms / r.rawMs, 2)}x), cpu ${r.cpuMs} / ${r.rawCpuMs} (${round(r.cpuMs / r.rawCpuMs, 2)}x)`).join(';  ')}`,
    );
  console.log('\nCPU ms by thread, the last round (cpu ms above: all but MainThread and kyrios-reader; raw: the whole process, one thread)');
  for (const [name, t] of Object.entries(result.threadCpuMs))
    console.log(`  ${pad(name, 8)} ${Object.entries(t).filter(([, ms]) => ms > 0).map(([k, ms]) => `${k} ${ms}`).join(', ')}`);
  for (const [phase, r] of [
    ['bulk delete', responsiveness],
    ['restore', responsivenessRestore],
  ] as const) {
    console.log(
      `\nthe list or a search every 10 ms during the ${phase}, through the proxy (${r.samples} calls, ${r.failures} failed): p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms`,
    );
    for (const [label, l] of Object.entries(r.byCall))
      console.log(`  ${pad(label, 7)} ${l.samples} calls: p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms`);
    console.log(`  longest waits: ${r.longest.map((w) => `${w.ms} ms (due ${w.atMs} ms in)`).join(', ')}`);
  }
  console.log(`  contacts.delete answered in ${round(del.callMs, 1)} ms`);
  console.log(`\n${pad('query', 40)}${padL('contacts', 12)}${padL('p50 ms', 10)}${padL('p95 ms', 10)}`);
  for (const q of queries)
    console.log(
      `${pad(q.name, 40)}${padL(q.contacts.toLocaleString('en'), 12)}${padL(q.p50Ms, 10)}${padL(q.p95Ms, 10)}`,
    );
  console.log(
    `\npeak RSS: ${result.peakRssMb} MB (this process: seeding, lifecycle, queries at ${N.toLocaleString('en')})`,
  );
  if (scale)
    console.log(
      `peak RSS of the app process with ${scale.contacts.toLocaleString('en')} contacts: ${scale.peakRssMb} MB`,
    );
  if (values.json) {
    fs.mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
    fs.writeFileSync(values.json, JSON.stringify(result, null, 2) + '\n');
    console.log(`\nJSON written to ${values.json}`);
  }
} finally {
  if (!values.keep) fs.rmSync(root, { recursive: true, force: true });
  else console.error(`kept ${root}`);
}
