import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, expect, it } from 'vitest';
import { testCore, tempDir } from '../helpers/core.ts';
import { count, insertContacts, OWNED } from '../helpers/fixtures.ts';

const N = 20_000;
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

/** Rows whose lifecycle differs from their contact's: none may exist, whenever the process died. */
function torn(db: Awaited<ReturnType<typeof testCore>>['core']['db']): number {
  let n = 0;
  for (const t of OWNED)
    n += db
      .prepare(
        `SELECT count(*) FROM ${t} r JOIN contacts c ON c.id = r.contact_id
         WHERE (r.deleted_at IS NULL) <> (c.deleted_at IS NULL) OR r.deletion_id IS NOT c.deletion_id
            OR r.deleted_at IS NOT c.deleted_at`,
      )
      .pluck()
      .get() as number;
  return n;
}

it('a bulk delete killed with SIGKILL part way resumes after restart and completes, never leaving a contact half deleted', async () => {
  const dataDir = tempDir();
  const setup = await testCore({ dataDir });
  insertContacts(setup.core.db, N, { light: true });
  await setup.core.close();

  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'crash-resume-child.ts'), dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let actionId = '';
  let killedAt = 0;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  for await (const line of readline.createInterface({ input: child.stdout! })) {
    const msg = JSON.parse(line) as { started?: string; processed?: number; total?: number; finished?: boolean };
    if (msg.started) actionId = msg.started;
    if (msg.finished) break;
    if (msg.processed !== undefined && msg.processed >= 0.3 * N) {
      killedAt = msg.processed;
      child.kill('SIGKILL');
      break;
    }
  }
  expect(await exited).toBe('SIGKILL');
  expect(killedAt).toBeGreaterThanOrEqual(0.2 * N);

  const t = await testCore({ dataDir });
  cleanups.push(t.cleanup);
  const db = t.core.db;
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  const row = db.prepare('SELECT status, processed, total, deletion_id FROM bulk_actions WHERE id = ?').get(actionId) as {
    status: string;
    processed: number;
    total: number;
    deletion_id: string;
  };
  expect(row.status).toBe('running');
  expect(row.total).toBe(N);
  expect(row.processed).toBeGreaterThanOrEqual(killedAt);
  expect(row.processed).toBeLessThanOrEqual(0.8 * N);
  // What the action says it did is exactly what the data shows: every contact all live or all deleted by it.
  expect(count(db, 'bulk_action_items', "action_id = ? AND state = 'done'", actionId)).toBe(row.processed);
  expect(count(db, 'contacts', 'deletion_id = ?', row.deletion_id)).toBe(row.processed);
  expect(count(db, 'contacts', 'deleted_at IS NULL')).toBe(N - row.processed);
  expect(torn(db)).toBe(0);

  // Restart: the runner resumes the interrupted action and completes it.
  t.core.runner.start();
  await t.core.runner.idle();
  const done = db.prepare('SELECT status, processed, skipped FROM bulk_actions WHERE id = ?').get(actionId);
  expect(done).toEqual({ status: 'complete', processed: N, skipped: 0 });
  expect(count(db, 'contacts', 'deletion_id = ?', row.deletion_id)).toBe(N);
  for (const table of OWNED) expect(count(db, table, 'deletion_id IS NOT ?', row.deletion_id), table).toBe(0);
  expect(torn(db)).toBe(0);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.prepare("SELECT action, count FROM audit_log WHERE target_id = ?").all(actionId)).toEqual([
    { action: 'bulk_delete', count: N },
  ]);
}, 300_000);
