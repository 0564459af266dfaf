// npm run bench:sync -- [--contacts N] [--related K]
//
// Team mode on this machine: a real hub (`npm run hub` in a process of its own, on a throwaway PostgreSQL) and two replica
// cores on real SQLite files. Seeds A with N contacts (about K related rows each), then measures:
// - upload: A joins with its data (every row captured to the outbox, pushed in batches);
// - join: a new member B joins and pulls everything (applied in slices);
// - bulk delete: A deletes all N contacts as one bulk action; from the end of A's action, the time until
//   B has applied it (A's push, B's pull and apply), with B's dispatcher latency (contacts.list every
//   10 ms, as the UI polls) while B applies it.
// B runs as the app runs its core (electron/core/worker/coreProxy.ts: the writer thread applies, reader
// threads answer the lists), with its sync loop in the background woken by the hub's events; A runs
// in this thread (its figures are the upload and the delete's push).
// The targets are at 20,000 contacts (delete) and 100,000 (join); see tests/bench/README.md.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCore, DB_FILE_NAME } from '../../electron/core/core.ts';
import { startCoreProxy } from '../../electron/core/worker/coreProxy.ts';
import { openReadOnly } from '../../electron/core/worker/readerCore.ts';
import { OWNED_TABLES } from '../../electron/core/lifecycle/ownedTables.ts';
import pg from 'pg';
import { startTestPg } from '../helpers/hubServer.ts';
import { startLatencyProbe } from './latencyProbe.ts';
import { cpuSince } from './stats.ts';

const { values } = parseArgs({
  options: { contacts: { type: 'string', default: '1000' }, related: { type: 'string', default: '20' } },
});
const N = Number(values.contacts);
const K = Number(values.related);
const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, '../..');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-bench-sync-'));
const log = (s: string) => console.log(s);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const load = () => `load ${os.loadavg()[0]!.toFixed(1)}`;

// The hub runs in a process of its own, as it does for a team: the replicas' latency is theirs alone.
const pgServer = await startTestPg();
const hubDir = path.join(root, 'hub');
const hubCli = path.join(repo, 'hub/cli.ts');
const hubProcess = spawn(
  process.execPath,
  [hubCli, '--data-dir', hubDir, '--port', '0', '--host', '127.0.0.1', '--database-url', pgServer.databaseUrl],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const ownerInvite = await new Promise<string>((resolve, reject) => {
  let out = '';
  hubProcess.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    const m = /Owner invite: (\S+)/.exec(out);
    if (m) resolve(m[1]!);
  });
  hubProcess.on('exit', (code) => reject(new Error(`the hub exited with ${code}: ${out}`)));
});
const invite = (role: string) =>
  execFileSync(process.execPath, [hubCli, 'invite', '--data-dir', hubDir, '--role', role, '--database-url', pgServer.databaseUrl], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .at(-1)!;
const hubDb = new pg.Pool({ connectionString: pgServer.databaseUrl, max: 1 });
try {
  const dirA = path.join(root, 'a');
  log(`Seeding A with ${N} contacts, ~${K} related rows each ...`);
  execFileSync(
    process.execPath,
    [path.join(repo, 'scripts/seed.ts'), '--data-dir', dirA, '--contacts', String(N), '--related', String(K)],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const a = await createCore({ dataDir: dirA, background: false, automaticBackups: false });
  const related = OWNED_TABLES.reduce(
    (s, { table }) => s + (a.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number),
    0,
  );
  log(`  ${N} contacts, ${related} related rows`);

  let t0 = performance.now();
  const c0 = process.cpuUsage();
  const joinA = await a.dispatcher.call('team.join', { inviteCode: ownerInvite, memberName: 'A' });
  if (!joinA.ok) throw new Error(joinA.error.message);
  await a.ctx.team!.stop();
  const messages = Number((await hubDb.query<{ n: string }>('SELECT count(*) AS n FROM messages')).rows[0]!.n);
  log(
    `upload (A joins with its data): ${messages} messages in ${secs(performance.now() - t0)} (A's CPU ${secs(cpuSince(c0))}, ${load()})`,
  );

  const dirB = path.join(root, 'b');
  const b = await startCoreProxy({ dataDir: dirB, background: true, automaticBackups: false });
  t0 = performance.now();
  const joinB = await b.dispatcher.call('team.join', { inviteCode: invite('member'), memberName: 'B' });
  if (!joinB.ok) throw new Error(joinB.error.message);
  const joinMs = performance.now() - t0;
  const lookB = openReadOnly(path.join(dirB, DB_FILE_NAME));
  const count = (sql: string) => lookB.prepare(sql).pluck().get() as number;
  const rowsB =
    count('SELECT count(*) FROM contacts') +
    OWNED_TABLES.reduce((s, { table }) => s + count(`SELECT count(*) FROM ${table}`), 0);
  log(`join (B pulls everything, on its writer thread): ${rowsB} rows in ${secs(joinMs)} (${load()})`);

  const ids = a.db.prepare('SELECT id FROM contacts').pluck().all();
  t0 = performance.now();
  const del = await a.dispatcher.call('contacts.delete', { ids });
  if (!del.ok) throw new Error(del.error.message);
  a.runner.start();
  await a.runner.idle();
  await a.runner.stop();
  const ended = performance.now();
  log(
    `bulk delete of ${N} contacts on A: ${secs(ended - t0)} (outbox ${a.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get()} messages)`,
  );
  // B's loop is woken by the hub's event once A's push is stored; the probe reads through B's readers.
  const probe = startLatencyProbe(b.dispatcher, [{ label: 'list', channel: 'contacts.list', input: () => ({ limit: 50 }) }]);
  await a.ctx.team!.syncNow();
  const pushed = performance.now();
  const liveOnB = () =>
    count('SELECT count(*) FROM contacts WHERE deleted_at IS NULL') +
    OWNED_TABLES.reduce((s, { table }) => s + count(`SELECT count(*) FROM ${table} WHERE deleted_at IS NULL`), 0);
  while (liveOnB() > 0) await new Promise((r) => setTimeout(r, 50));
  const applied = performance.now();
  const lat = await probe.stop();
  log(
    `  applied on B ${secs(applied - ended)} after A's action ended (A's push ${secs(pushed - ended)}, B's pull and apply ${secs(applied - pushed)} after it); live rows left on B: ${liveOnB()}`,
  );
  log(
    `  B's contacts.list (through its reader threads) while applying: p50 ${lat.p50Ms} ms, p99 ${lat.p99Ms} ms, max ${lat.maxMs} ms (${lat.samples} calls)`,
  );
  log(
    `machine load: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores`,
  );
  lookB.close();
  await a.close();
  await b.close();
} finally {
  await hubDb.end();
  hubProcess.kill('SIGTERM');
  await new Promise((r) => hubProcess.once('exit', r));
  await pgServer.stop();
  fs.rmSync(root, { recursive: true, force: true });
}
