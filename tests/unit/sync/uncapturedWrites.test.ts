// The guard of "Nothing leaves a synced table unsent" (docs/sync.md, "Decisions"): every write to a synced
// table in team mode must become a message. The capture triggers see INSERTs and UPDATEs; what they cannot
// turn into a message is a removal (a DELETE, an INSERT OR REPLACE that deletes the row it replaces) and a
// write made with capture switched off. This test lists every such statement in electron/core/ and fails
// when one appears outside the places that are allowed to make it, each with its reason. A new one must
// either travel (soft-delete, a cell) or be a purge, and be added here with why. At run time, a DELETE made
// with capture on fails (captureTriggers.ts, the `_remove` trigger): tests/sync/uncaptured.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migration020 } from '../../../electron/core/db/migrations/020_sync_removal_guard.ts';
import { installCapture } from '../../../electron/core/sync/captureTriggers.ts';
import { loadClock } from '../../../electron/core/sync/syncClock.ts';
import { SYNC_TABLES } from '../../../shared/sync/protocol.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../electron/core');

/** Files allowed to remove rows of synced tables (or to write with capture off), and why. */
const ALLOWED: Record<string, string> = {
  'lifecycle/purgeContactRows.ts': "a contact's purge: in a team only as the hub's purge, applied with capture off",
  'lifecycle/purgeExpired.ts': 'solo retention: it purges nothing while the database belongs to a team',
  'purgeLedger/applyLedger.ts': 'purges made again from the ledger, with capture off (db/open.ts)',
  'sync/purgeDeletion.ts': "the rows a purge made by the hub erased (a record deletion's, or a contact's wherever a move put them), applied with capture off",
  'sync/applyMessages.ts': "pulled messages (a purge's removals), applied with capture off",
  'sync/outbox.ts': 'a push the hub refused: its rows go back to what the hub holds, with capture off',
  'lifecycle/conflictWaysOut.ts': "the undo's exact removal of its note alone; in a team it deletes the note as a record",
  'bulk/runChunk.ts': 'an empty bulk action is dropped alone; in a team it is kept, cancelled',
  'db/open.ts': 'replays the purge ledger with capture off (whileApplying)',
  'backups/stageRestore.ts': "replays the purge ledger on a restored backup with capture off (whileApplying)",
  'sync/purgeBookkeeping.ts': "a purge applied: the purged contact's sync bookkeeping (sync_* tables, not synced ones) goes",
  'sync/joinTeam.ts': "team.leave empties the team's bookkeeping (sync_* tables, not synced ones), capture dropped first",
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

const synced = SYNC_TABLES.join('|');
/** Statements that remove rows of a synced table (or of a table named at run time), or write with capture off. */
const RISKY = [
  new RegExp(`DELETE\\s+FROM\\s+["'\`]?(${synced})\\b`, 'i'),
  /DELETE\s+FROM\s+["']?\$\{/i,
  new RegExp(`(INSERT\\s+OR\\s+REPLACE|REPLACE)\\s+INTO\\s+["'\`]?(${synced})\\b`, 'i'),
  /(INSERT\s+OR\s+REPLACE|REPLACE)\s+INTO\s+["']?\$\{/i,
  /\bwhileApplying\(/,
];

/** Every risky statement in electron/core/, as `file: line`. Migrations are checked on their own below. */
function risky(): { file: string; line: string }[] {
  const out: { file: string; line: string }[] = [];
  for (const f of tsFiles(ROOT)) {
    const rel = path.relative(ROOT, f).split(path.sep).join('/');
    if (rel.startsWith('db/migrations/')) continue;
    for (const line of readFileSync(f, 'utf8').split('\n'))
      if (!line.trim().startsWith('//') && !line.trim().startsWith('*') && RISKY.some((r) => r.test(line)))
        out.push({ file: rel, line: line.trim() });
  }
  return out;
}

describe('no write to a synced table escapes the capture', () => {
  it('removals and writes with capture off are made only where a purge or solo mode allows them', () => {
    const found = risky();
    const outside = found.filter((x) => !(x.file in ALLOWED)).map((x) => `${x.file}: ${x.line}`);
    expect(outside, 'a write that sends nothing in team mode: make it travel, or add it to ALLOWED with why').toEqual([]);
    // the list stays honest: every allowed file still holds such a statement
    const used = new Set(found.map((x) => x.file));
    expect(Object.keys(ALLOWED).filter((f) => !used.has(f))).toEqual([]);
  });

  it('no migration after team mode (020 on) writes a synced table: it would run with no capture (before the sync functions exist)', () => {
    const dir = path.join(ROOT, 'db/migrations');
    const write = new RegExp(`(INSERT\\s+(OR\\s+\\w+\\s+)?INTO|REPLACE\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+["'\`]?(${synced})\\b`, 'i');
    const offending = readdirSync(dir)
      .filter((f) => /^\d{3}_/.test(f) && Number(f.slice(0, 3)) >= 20)
      .filter((f) => readFileSync(path.join(dir, f), 'utf8').split('\n').some((l) => write.test(l)));
    expect(offending).toEqual([]);
  });
});

describe('replica migration 020', () => {
  it('gives a team database made before it the trigger that fails a DELETE with capture on; a solo database gets no trigger', async () => {
    const t = await testCore({ now: fakeClock() });
    try {
      const db = t.core.db;
      const guards = () =>
        db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'sync_capture_%_remove'").pluck().get() as number;
      migration020.run!(db);
      expect(guards()).toBe(0);
      db.prepare(
        "INSERT INTO sync_state (id, hub_url, workspace_id, member_id, member_name, device_id, device_token, role, joined_at) VALUES (1, 'http://127.0.0.1:1', 'w', 'm', 'M', 'dev1', 't', 'owner', 0)",
      ).run();
      loadClock(db);
      installCapture(db);
      // as a team database was before 020: its capture triggers without the guards
      for (const table of SYNC_TABLES) db.exec(`DROP TRIGGER sync_capture_${table}_remove`);
      const c = await t.call<{ id: string }>('contacts.create', { firstName: 'Old' });
      expect(db.prepare('DELETE FROM contacts WHERE id = ?').run(c.id).changes).toBe(1); // the gap 020 closes
      migration020.run!(db);
      expect(guards()).toBe(SYNC_TABLES.length);
      const d = await t.call<{ id: string }>('contacts.create', { firstName: 'New' });
      expect(() => db.prepare('DELETE FROM contacts WHERE id = ?').run(d.id)).toThrow(/removed outside a purge/);
    } finally {
      await t.cleanup();
    }
  });
});
