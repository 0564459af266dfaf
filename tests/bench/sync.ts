// npm run bench:sync -- [--contacts N] [--related K]
//
// Team mode on this machine: a real hub (`npm run hub` in a process of its own, on a throwaway PostgreSQL) and two replica
// cores on real SQLite files. Seeds A with N contacts (about K related rows each), then measures:
// - upload: A joins with its data (every row captured to the outbox, pushed in batches);
// - join: a new member B joins and pulls everything (applied in slices);
// - bulk delete: A deletes all N contacts as one bulk action; from the end of A's action, the time until
//   B has applied it (A's push, B's pull and apply), with B's dispatcher latency (contacts.list every
//   10 ms, as the UI polls) while B applies it.
// A and B run as the app runs its core (electron/core/worker/coreProxy.ts: the writer thread makes the
// changes, runs the bulk action and the sync loop; reader threads answer the lists), with their sync
// loops in the background woken by local changes and the hub's events. This thread only watches (each
// database through a read-only connection of its own) and probes B's dispatcher.
// The targets are at 20,000 contacts (delete) and 100,000 (join); see tests/bench/README.md.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DB_FILE_NAME } from '../../electron/core/core.ts';
import { startCoreProxy } from '../../electron/core/worker/coreProxy.ts';
import { openReadOnly } from '../../electron/core/worker/readerCore.ts';
import { OWNED_TABLES } from '../../electron/core/lifecycle/ownedTables.ts';
import pg from 'pg';
import { startTestPg } from '../helpers/hubServer.ts';
import { startLatencyProbe } from './latencyProbe.ts';

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
  const lookA = openReadOnly(path.join(dirA, DB_FILE_NAME));
  const related = OWNED_TABLES.reduce((s, { table }) => s + (lookA.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number), 0);
  log(`  ${N} contacts, ${related} related rows`);
  const a = await startCoreProxy({ dataDir: dirA, background: true, automaticBackups: false });

  let t0 = performance.now();
  const joinA = await a.dispatcher.call('team.join', { inviteCode: ownerInvite, memberName: 'A' });
  if (!joinA.ok) throw new Error(joinA.error.message);
  const messages = Number((await hubDb.query<{ n: string }>('SELECT count(*) AS n FROM messages')).rows[0]!.n);
  log(`upload (A joins with its data): ${messages} messages in ${secs(performance.now() - t0)} (${load()})`);

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

  // A deletes every contact as one bulk action, run by its writer thread's bulk runner while its sync
  // loop pushes (as the app does); B's loop is woken by the hub's events. The probe reads through B's
  // reader threads from the start of A's action.
  const ids = lookA.prepare('SELECT id FROM contacts').pluck().all();
  const probe = startLatencyProbe(b.dispatcher, [{ label: 'list', channel: 'contacts.list', input: () => ({ limit: 50 }) }]);
  t0 = performance.now();
  const del = await a.dispatcher.call('contacts.delete', { ids });
  if (!del.ok) throw new Error(del.error.message);
  const actionId = (del.result as { bulkActionId: string }).bulkActionId;
  const statusOf = () => lookA.prepare('SELECT status FROM bulk_actions WHERE id = ?').pluck().get(actionId) as string;
  while (!['complete', 'failed', 'cancelled'].includes(statusOf())) await new Promise((r) => setTimeout(r, 20));
  const ended = performance.now();
  log(`bulk delete of ${N} contacts on A: ${secs(ended - t0)} (${statusOf()}; ${load()})`);
  const unsent = () => lookA.prepare('SELECT count(*) FROM sync_outbox').pluck().get() as number;
  const liveOnB = () =>
    count('SELECT count(*) FROM contacts WHERE deleted_at IS NULL') +
    OWNED_TABLES.reduce((s, { table }) => s + count(`SELECT count(*) FROM ${table} WHERE deleted_at IS NULL`), 0);
  // This thread also runs the probe, so its watching must stay cheap: counting every live row of B takes
  // 15-40 ms at 20,000 contacts, and every 50 ms that held the probe's calls back (it counted in B's p99).
  // B applies a contact's deletion and its related rows' in one transaction, so its live contacts reach
  // zero exactly when the delete is applied; the whole count runs once then, to say so.
  const liveContactsOnB = () => count('SELECT count(*) FROM contacts WHERE deleted_at IS NULL');
  let pushed = 0;
  while (liveContactsOnB() > 0 || liveOnB() > 0) {
    if (!pushed && unsent() === 0) pushed = performance.now();
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!pushed) pushed = performance.now();
  const applied = performance.now();
  const lat = await probe.stop();
  log(
    `  applied on B ${secs(applied - ended)} after A's action ended (A's outbox empty ${secs(pushed - ended)} after it); live rows left on B: ${liveOnB()} (${load()})`,
  );
  log(
    `  B's contacts.list (through its reader threads) from the start of A's action until B applied it: p50 ${lat.p50Ms} ms, p99 ${lat.p99Ms} ms, max ${lat.maxMs} ms (${lat.samples} calls)`,
  );
  log(
    `machine load: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores`,
  );
  lookB.close();
  lookA.close();
  await a.close();
  await b.close();
} finally {
  await hubDb.end();
  hubProcess.kill('SIGTERM');
  await new Promise((r) => hubProcess.once('exit', r));
  await pgServer.stop();
  fs.rmSync(root, { recursive: true, force: true });
}
