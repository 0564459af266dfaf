// The crash harness: runs the headless host as a child process, kills it with SIGKILL at a random
// moment during a bulk delete, a bulk restore, a purge, an import or a restore from a backup, restarts
// it, lets it finish, and
// checks the invariants on the database file:
// - every action finishes after the restart (none queued or running; the round's is complete);
// - every contact's rows are all live, or all deleted by one deletion (rows deleted on their own
//   before keep their own 'record' deletion);
// - nothing live is lost (exactly the expected set of contacts is live, each with all its records);
// - PRAGMA integrity_check is ok, and no row points to a missing parent.
// Rounds are seeded: the same seed gives the same operations, targets and kill delays.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DAY_MS } from '../../shared/domain.ts';
import { createCore, DB_FILE_NAME } from '../../electron/core/core.ts';
import { seedDatabase } from '../../electron/core/seed/seedDatabase.ts';
import { OWNED_TABLES } from '../../electron/core/lifecycle/ownedTables.ts';
import { startHostProcess, type HostProcess } from './hostProcess.ts';

export const OPERATIONS = ['bulk-delete', 'bulk-restore', 'purge', 'import', 'backup-restore'] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface RoundResult {
  round: number;
  seed: number;
  operation: Operation;
  /** The seeded progress fraction the kill waited for (0: at once). */
  killAtFraction: number;
  killAfterMs: number;
  /** How far the round's action had got when the process was killed ("processed/total"), or its state. */
  atKill: string;
  finishMs: number;
  ok: boolean;
  failures: string[];
}

const TOKEN = 'crash-harness-token-5f0e2d7c9b1a';
const RETENTION_MS = 60 * DAY_MS;

/** mulberry32: a small seeded PRNG, so a round is replayed exactly from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Template {
  dir: string;
  /** A completed bulk delete (recent): what the restore rounds restore. */
  restorableActionId: string;
  /** A backup made before the bulk deletes, and what was live in it: what backup-restore rounds restore. */
  backupName: string;
  /** How many contacts it was seeded with. */
  contacts: number;
  backupLive: Set<string>;
  backupRecords: Map<string, string>;
}

/**
 * One database all rounds start from: seeded contacts with related records, some related records
 * deleted on their own, a recent completed bulk delete (to restore) and an old one (to purge).
 */
export async function buildTemplate(opts: { contacts: number; seed: number }): Promise<Template> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-crash-template-'));
  const core = await createCore({ dataDir: dir, background: false });
  try {
    const now = Date.now();
    seedDatabase(core.db, { contacts: opts.contacts, relatedPerContact: 6, seed: opts.seed, now });
    const ids = core.db.prepare('SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY id').pluck().all() as string[];
    const call = async (channel: string, input: unknown) => {
      const env = await core.dispatcher.call(channel, input);
      if (!env.ok) throw new Error(`${channel}: ${env.error.message}`);
      return env.result as Record<string, unknown>;
    };
    // A few records deleted on their own: they must stay deleted through everything.
    const notes = core.db.prepare('SELECT id FROM notes WHERE deleted_at IS NULL LIMIT 20').pluck().all() as string[];
    for (const id of notes) await call('related.delete', { kind: 'note', id });
    const backupName = (await call('backups.create', {})).name as string;
    const backupLive = liveContacts(core.db);
    const backupRecords = liveRecords(core.db);
    core.runner.start();
    const quarter = Math.floor(ids.length / 4);
    // (the old deletion is the first quarter: several purge chunks of 100)
    const old = (await call('contacts.delete', { ids: ids.slice(0, quarter) })).bulkActionId as string;
    await core.runner.idle();
    const recent = (await call('contacts.delete', { ids: ids.slice(quarter, 2 * quarter) })).bulkActionId as string;
    await core.runner.idle();
    // Age the first deletion past the retention period: the host's start-up purge removes it.
    const deletionId = core.db.prepare('SELECT deletion_id FROM bulk_actions WHERE id = ?').pluck().get(old) as string;
    const age = RETENTION_MS + 5 * DAY_MS;
    core.db.transaction(() => {
      for (const { table } of [{ table: 'contacts' }, ...OWNED_TABLES])
        core.db.prepare(`UPDATE ${table} SET deleted_at = deleted_at - ? WHERE deletion_id = ?`).run(age, deletionId);
      core.db.prepare('UPDATE deletions SET deleted_at = deleted_at - ? WHERE id = ?').run(age, deletionId);
    })();
    return { dir, contacts: opts.contacts, restorableActionId: recent, backupName, backupLive, backupRecords };
  } finally {
    await core.close();
  }
}

function copyDataDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

async function api(host: HostProcess, channel: string, input: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${host.port}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

type Db = Database.Database;
const liveContacts = (db: Db) => new Set(db.prepare('SELECT id FROM contacts WHERE deleted_at IS NULL').pluck().all() as string[]);
/** Each live contact's live related rows, per table: "nothing live is lost" compares these. */
/**
 * What a restore of the backup brings back: its live contacts, less those purged since it was made
 * (the purge ledger is applied to the restored copy; the database's tombstones name them).
 */
function backupAsRestored(db: Db, backupLive: Set<string>): Set<string> {
  const purged = new Set(db.prepare('SELECT contact_id FROM purged_contacts').pluck().all() as string[]);
  return new Set([...backupLive].filter((id) => !purged.has(id)));
}

function liveRecords(db: Db): Map<string, string> {
  const counts = new Map<string, string[]>();
  for (const { table } of OWNED_TABLES) {
    const rows = db
      .prepare(`SELECT r.contact_id AS c, count(*) AS n FROM ${table} r JOIN contacts k ON k.id = r.contact_id WHERE k.deleted_at IS NULL AND r.deleted_at IS NULL GROUP BY r.contact_id`)
      .all() as { c: string; n: number }[];
    for (const r of rows) (counts.get(r.c) ?? counts.set(r.c, []).get(r.c)!).push(`${table}:${r.n}`);
  }
  return new Map([...counts].map(([k, v]) => [k, v.join(',')]));
}

/** The invariants that must hold whatever moment the process was killed at. */
export function checkInvariants(db: Db, now: number): string[] {
  const failures: string[] = [];
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') failures.push(`integrity_check: ${String(integrity)}`);
  const fk = db.pragma('foreign_key_check') as unknown[];
  if (fk.length) failures.push(`foreign_key_check: ${fk.length} rows point to missing parents`);
  const unfinished = db.prepare("SELECT count(*) FROM bulk_actions WHERE status IN ('queued','running')").pluck().get() as number;
  if (unfinished) failures.push(`${unfinished} bulk actions still queued or running after the restart`);
  for (const { table } of OWNED_TABLES) {
    const liveUnderDeleted = db
      .prepare(`SELECT count(*) FROM ${table} r JOIN contacts c ON c.id = r.contact_id WHERE c.deleted_at IS NOT NULL AND r.deleted_at IS NULL`)
      .pluck()
      .get() as number;
    if (liveUnderDeleted) failures.push(`${table}: ${liveUnderDeleted} live rows of deleted contacts`);
    const otherDeletion = db
      .prepare(
        `SELECT count(*) FROM ${table} r JOIN contacts c ON c.id = r.contact_id JOIN deletions d ON d.id = r.deletion_id
         WHERE d.kind <> 'record' AND (c.deleted_at IS NULL OR r.deletion_id <> c.deletion_id)`,
      )
      .pluck()
      .get() as number;
    if (otherDeletion) failures.push(`${table}: ${otherDeletion} rows deleted by a contact deletion that is not their contact's`);
  }
  const expired = db.prepare('SELECT count(*) FROM contacts WHERE deleted_at IS NOT NULL AND deleted_at < ?').pluck().get(now - RETENTION_MS - DAY_MS) as number;
  if (expired) failures.push(`${expired} contacts past retention were not purged`);
  return failures;
}

async function waitUntilIdle(host: HostProcess, file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    for (;;) {
      const busy = db.prepare("SELECT count(*) FROM bulk_actions WHERE status IN ('queued','running')").pluck().get() as number;
      const expired = db.prepare('SELECT count(*) FROM contacts WHERE deleted_at IS NOT NULL AND deleted_at < ?').pluck().get(Date.now() - RETENTION_MS) as number;
      if (!busy && !expired) return;
      if (Date.now() > deadline) throw new Error(`not finished after ${timeoutMs} ms: ${busy} actions, ${expired} expired contacts\n${host.output()}`);
      await sleep(50);
    }
  } finally {
    db.close();
  }
}

function importCsv(round: number, rows: number): string {
  const lines = ['first,last,email'];
  for (let i = 0; i < rows; i++) lines.push(`Imp${i},Round${round},import-${round}-${i}@example.com`);
  return Buffer.from(lines.join('\n') + '\n').toString('base64');
}

/** One round: start, operate, SIGKILL after `killAfterMs`, restart, finish, check. */
export async function runRound(template: Template, round: number, seed: number, workDir: string, importBase = 400): Promise<RoundResult> {
  const rand = prng(seed);
  const operation = OPERATIONS[round % OPERATIONS.length]!;
  const dataDir = path.join(workDir, `round-${round}`);
  copyDataDir(template.dir, dataDir);
  const file = path.join(dataDir, DB_FILE_NAME);
  const failures: string[] = [];

  // What is live before, and what the operation will change.
  const before = new Database(file, { readonly: true });
  const live0 = liveContacts(before);
  const records0 = liveRecords(before);
  const liveIds = [...live0].sort();
  let targets: string[] = [];
  let restored: string[] = [];
  if (operation === 'bulk-delete') targets = liveIds.filter(() => rand() < 0.5);
  if (operation === 'bulk-restore') {
    const deletionId = before.prepare('SELECT deletion_id FROM bulk_actions WHERE id = ?').pluck().get(template.restorableActionId);
    restored = before.prepare('SELECT id FROM contacts WHERE deletion_id = ?').pluck().all(deletionId) as string[];
  }
  const expired0 = before.prepare('SELECT count(*) FROM contacts WHERE deleted_at IS NOT NULL AND deleted_at < ?').pluck().get(Date.now() - RETENTION_MS) as number;
  before.close();
  const importRows = importBase + Math.floor(rand() * importBase);

  // Start, operate, and kill at the chosen moment: when the operation's progress reaches a seeded
  // fraction (0 = at once, maybe before the action even exists). Progress is read from the file by a
  // read-only connection, as the host commits each chunk. The purge runs as the host starts (before it
  // listens), so a purge round does not wait for the host to be ready.
  const killAtFraction = rand() < 0.15 ? 0 : rand();
  const type = operation === 'bulk-delete' ? 'delete' : operation === 'bulk-restore' ? 'restore' : 'import';
  const startedAt = Date.now();
  let host = await startHostProcess({ dataDir, token: TOKEN, waitReady: operation !== 'purge' });
  let request: Promise<unknown> = Promise.resolve();
  if (operation === 'bulk-delete') request = api(host, 'contacts.delete', { ids: targets });
  if (operation === 'bulk-restore') request = api(host, 'bulkActions.restore', { id: template.restorableActionId });
  if (operation === 'backup-restore') request = api(host, 'backups.restore', { name: template.backupName, confirm: 'RESTORE' });
  if (operation === 'import')
    request = api(host, 'import.start', { fileName: `round-${round}.csv`, contentBase64: importCsv(round, importRows), mapping: { firstName: 0, lastName: 1, email: 2 }, onDuplicate: 'skip' });
  request.catch(() => {}); // the answer may never come: the process is killed
  const progress = (): number => {
    if (!fs.existsSync(file + '-wal') && operation === 'purge') return 0; // not opened yet
    const db = new Database(file, { readonly: true });
    try {
      if (operation === 'purge') {
        const left = db.prepare('SELECT count(*) FROM contacts WHERE deleted_at IS NOT NULL AND deleted_at < ?').pluck().get(Date.now() - RETENTION_MS) as number;
        return expired0 ? (expired0 - left) / expired0 : 1;
      }
      const a = db.prepare('SELECT status, processed, total FROM bulk_actions WHERE type = ? AND created_at >= ? ORDER BY created_at DESC LIMIT 1').get(type, startedAt) as
        | { status: string; processed: number; total: number }
        | undefined;
      if (!a) return 0;
      return a.status === 'complete' ? 1 : a.total ? a.processed / a.total : 0;
    } catch {
      return 0; // the file is being created or locked for a moment
    } finally {
      db.close();
    }
  };
  // A restore from a backup leaves no progress in the file: it is killed a seeded time into it, up to
  // a little past how long it takes (its copy and check grow with the database: ~1 s at 1,200 contacts, ~7 s
  // at 24,000 on a loaded 2-core machine).
  const sentAt = Date.now();
  const restoreSpanMs = Math.max(1000, template.contacts * 0.4);
  if (operation === 'backup-restore') while (Date.now() - sentAt < killAtFraction * restoreSpanMs) await sleep(2);
  else while (killAtFraction > 0 && progress() < killAtFraction && Date.now() - startedAt < 20_000) await sleep(2);
  const killAfterMs = Date.now() - startedAt;
  await host.stop('SIGKILL');

  const killed = new Database(file, { readonly: true });
  const action = killed.prepare('SELECT id, status, processed, total FROM bulk_actions WHERE type = ? AND created_at >= ? ORDER BY created_at DESC, id DESC LIMIT 1').get(type, startedAt) as { id: string; status: string; processed: number; total: number } | undefined;
  const expiredLeft = killed.prepare('SELECT count(*) FROM contacts WHERE deleted_at IS NOT NULL AND deleted_at < ?').pluck().get(Date.now() - RETENTION_MS) as number;
  const liveAtKill = liveContacts(killed);
  const restoredAtKill = sameSet(liveAtKill, backupAsRestored(killed, template.backupLive));
  killed.close();
  // Was the round's action created before the kill? (A purge needs no action.)
  const created = operation === 'purge' || operation === 'backup-restore' || Boolean(action);
  const leftovers = fs.readdirSync(dataDir).filter((f) => f.includes('.restoring-')).length + fs.readdirSync(path.join(dataDir, 'backups')).filter((f) => f.endsWith('.partial')).length;
  const atKill =
    operation === 'purge'
      ? `purged ${expired0 - expiredLeft}/${expired0}`
      : operation === 'backup-restore'
        ? `${restoredAtKill ? 'restored' : 'old database'}${leftovers ? `, ${leftovers} temp files` : ''}`
        : action
          ? `${action.status} ${action.processed}/${action.total}`
          : 'not created';

  // Restart: the host resumes what was interrupted; wait for it, then close it cleanly.
  const restartedAt = Date.now();
  host = await startHostProcess({ dataDir, token: TOKEN });
  try {
    await waitUntilIdle(host, file, 60_000);
  } catch (err) {
    failures.push((err as Error).message.split('\n')[0]!);
  }
  const finishMs = Date.now() - restartedAt;
  const code = await host.stop('SIGTERM');
  if (code !== 0) failures.push(`the restarted host exited with ${code}`);

  const db = new Database(file, { readonly: true });
  try {
    failures.push(...checkInvariants(db, Date.now()));
    const live = liveContacts(db);
    const records = liveRecords(db);
    if (operation === 'backup-restore') {
      // All or nothing: the database is the old one or the backup, whole, never a mix.
      const isOld = sameSet(live, live0) && [...live0].every((id) => records.get(id) === records0.get(id));
      const backupLive = backupAsRestored(db, template.backupLive);
      const isBackup = sameSet(live, backupLive) && [...live].every((id) => records.get(id) === template.backupRecords.get(id));
      if (!isOld && !isBackup) failures.push(`after a restore cut short: ${live.size} live contacts, neither the old database (${live0.size}) nor the backup (${backupLive.size})`);
      if (restoredAtKill && !isBackup) failures.push('the restore had happened at the kill but is gone after the restart');
      const left = fs.readdirSync(dataDir).filter((f) => f.includes('.restoring-'));
      if (left.length) failures.push(`temporary restore files left after the restart: ${left.join(', ')}`);
      return finish();
    }
    // Nothing live is lost: exactly the expected contacts are live, each with all its live records.
    const expected = new Set(live0);
    if (operation === 'bulk-delete' && created) for (const id of targets) expected.delete(id);
    for (const id of expected) {
      if (!live.has(id)) failures.push(`contact ${id} was live and is lost`);
      else if (records.get(id) !== records0.get(id)) failures.push(`contact ${id} lost records: ${records0.get(id)} -> ${records.get(id)}`);
    }
    const extra = [...live].filter((id) => !expected.has(id));
    if (operation === 'bulk-restore' && created) {
      const back = new Set(restored);
      const notBack = restored.filter((id) => !live.has(id));
      if (notBack.length) failures.push(`${notBack.length} contacts of the bulk delete were not restored`);
      const wrong = extra.filter((id) => !back.has(id));
      if (wrong.length) failures.push(`${wrong.length} contacts came back that the restore did not cover`);
    } else if (operation === 'import') {
      const imported = db.prepare("SELECT count(*) FROM contacts WHERE email LIKE ? AND deleted_at IS NULL").pluck().get(`import-${round}-%`) as number;
      const expectedImported = created ? importRows : 0;
      if (imported !== expectedImported) failures.push(`imported ${imported} contacts, expected ${expectedImported}`);
      if (extra.length !== imported) failures.push(`${extra.length - imported} unexpected live contacts`);
    } else if (extra.length) {
      failures.push(`${extra.length} contacts are live that should not be`);
    }
    if (action) {
      const final = db.prepare('SELECT status, processed, total FROM bulk_actions WHERE id = ?').get(action.id) as { status: string; processed: number; total: number };
      if (final.status !== 'complete' || final.processed !== final.total) failures.push(`the action ended ${final.status} ${final.processed}/${final.total}`);
    }
    return finish();
  } finally {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  function finish(): RoundResult {
    return { round, seed, operation, killAtFraction, killAfterMs, atKill, finishMs, ok: failures.length === 0, failures };
  }
}

const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));

/** Runs `rounds` rounds from `seed` (round i uses seed + i) and returns their outcomes. */
export async function runCrashRounds(opts: {
  rounds: number;
  seed: number;
  contacts?: number;
  /** Rows of a round's import file: this many plus up to as many again. */
  importRows?: number;
  log?: (line: string) => void;
}): Promise<RoundResult[]> {
  const template = await buildTemplate({ contacts: opts.contacts ?? 1200, seed: opts.seed });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-crash-'));
  const results: RoundResult[] = [];
  try {
    for (let i = 0; i < opts.rounds; i++) {
      const r = await runRound(template, i, opts.seed + i, workDir, opts.importRows);
      results.push(r);
      opts.log?.(formatRound(r));
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.rmSync(template.dir, { recursive: true, force: true });
  }
  return results;
}

export function formatRound(r: RoundResult): string {
  return [
    String(r.round).padStart(3),
    String(r.seed).padStart(8),
    r.operation.padEnd(12),
    `kill at ${(r.killAtFraction * 100).toFixed(0).padStart(2)}% (+${r.killAfterMs} ms)`.padEnd(24),
    `at kill: ${r.atKill}`.padEnd(32),
    `finished ${r.finishMs} ms after restart`.padEnd(34),
    r.ok ? 'OK' : `FAILED: ${r.failures.join('; ')}`,
  ].join('  ');
}
