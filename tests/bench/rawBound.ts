import { CONTACT_SEARCH_INDEXES } from '../../electron/core/contacts/searchIndexes.ts';
import type { Database } from 'better-sqlite3';
import { OWNED_TABLES } from '../../electron/core/lifecycle/ownedTables.ts';
import { newId } from '../../electron/core/ids.ts';

// The raw-SQL lower bound: the fewest plain SQL statements that make the same changes as the
// product's delete, restore and purge (the contacts and every related row, the deletion, the bulk
// action, the purge tombstones and the audit row), each in ONE transaction, with the same connection
// settings (WAL, secure_delete, foreign keys) and the same search-index choices as the product: a
// soft delete marks the contact's tokens deleted without FTS5 secure-delete, and the purge merges
// the index into one segment so no purged token survives ('optimize', one statement), then
// checkpoints the WAL. Left out: the product's bookkeeping that only exists to make a long action
// resumable and cancellable (bulk_action_items, processed counters, progress events).

export interface Timing {
  ms: number;
  cpuMs: number;
}

const timed = (f: () => void): Timing => {
  const t = performance.now();
  const cpu = process.cpuUsage();
  f();
  const d = process.cpuUsage(cpu);
  return { ms: performance.now() - t, cpuMs: (d.user + d.system) / 1000 };
};

const ACTOR = 'bench';

/** Soft deletes and restores do not rewrite the search index in place (as in the product). */
function withoutFtsSecureDelete(db: Database, f: () => void) {
  const set = (on: 0 | 1) =>
    CONTACT_SEARCH_INDEXES.forEach((t) => db.prepare(`INSERT INTO ${t}(${t}, rank) VALUES ('secure-delete', ${on})`).run());
  set(0);
  f();
  set(1);
}

function audit(db: Database, at: number, action: string, targetId: string | null, count: number) {
  db.prepare(
    `INSERT INTO audit_log (id, at, actor, action, target_type, target_id, count, details) VALUES (?, ?, ?, ?, 'bulk_action', ?, ?, '{}')`,
  ).run(newId(), at, ACTOR, action, targetId, count);
}

/** Deletes the live contacts among `ids` and their live related rows under one new bulk deletion. */
export function rawDelete(
  db: Database,
  ids: readonly string[],
  at: number,
): Timing & { deletionId: string; actionId: string } {
  const deletionId = newId();
  const actionId = newId();
  const json = JSON.stringify(ids);
  const t = timed(() =>
    db
      .transaction(() =>
        withoutFtsSecureDelete(db, () => {
          db.prepare(
            `INSERT INTO bulk_actions (id, type, status, total, processed, created_by, created_at, started_at, finished_at, deletion_id)
         VALUES (?, 'delete', 'complete', ?, ?, ?, ?, ?, ?, ?)`,
          ).run(actionId, ids.length, ids.length, ACTOR, at, at, at, deletionId);
          db.prepare(
            `INSERT INTO deletions (id, kind, bulk_action_id, deleted_by, deleted_at) VALUES (?, 'bulk', ?, ?, ?)`,
          ).run(deletionId, actionId, ACTOR, at);
          const n = db
            .prepare(
              `UPDATE contacts SET deleted_at = ?, deletion_id = ?
            WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`,
            )
            .run(at, deletionId, json).changes;
          for (const { table } of OWNED_TABLES) {
            db.prepare(
              `UPDATE ${table} SET deleted_at = ?, deletion_id = ?
            WHERE contact_id IN (SELECT id FROM contacts WHERE deletion_id = ?) AND deleted_at IS NULL`,
            ).run(at, deletionId, deletionId);
          }
          audit(db, at, 'bulk_delete', actionId, n);
        }),
      )
      .immediate(),
  );
  return { ...t, deletionId, actionId };
}

/** Brings back exactly what deletion `deletionId` removed. */
export function rawRestore(db: Database, deletionId: string, sourceActionId: string, at: number): Timing {
  return timed(() =>
    db
      .transaction(() =>
        withoutFtsSecureDelete(db, () => {
          const actionId = newId();
          for (const { table } of OWNED_TABLES) {
            db.prepare(`UPDATE ${table} SET deleted_at = NULL, deletion_id = NULL WHERE deletion_id = ?`).run(
              deletionId,
            );
          }
          const n = db
            .prepare('UPDATE contacts SET deleted_at = NULL, deletion_id = NULL WHERE deletion_id = ?')
            .run(deletionId).changes;
          db.prepare(
            `INSERT INTO bulk_actions (id, type, status, total, processed, created_by, created_at, started_at, finished_at, source_action_id, deletion_id)
         VALUES (?, 'restore', 'complete', ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(actionId, n, n, ACTOR, at, at, at, sourceActionId, deletionId);
          audit(db, at, 'bulk_restore', actionId, n);
        }),
      )
      .immediate(),
  );
}

/**
 * Removes for good every contact deleted before `cutoff` with all its rows, leaving tombstones, then
 * checkpoints the WAL (as the product does, so no purged byte survives in the WAL file).
 * 'cascade' deletes the contacts and lets the foreign keys remove their rows (3 statements);
 * 'explicit' deletes each table's rows first.
 */
export function rawPurge(db: Database, cutoff: number, at: number, how: 'cascade' | 'explicit'): Timing {
  return timed(() => {
    db.transaction(() => {
      const expired = 'SELECT id FROM contacts WHERE deleted_at IS NOT NULL AND deleted_at < @cutoff';
      db.prepare(
        `INSERT OR REPLACE INTO purged_contacts (contact_id, purged_at, deletion_id, how)
         SELECT id, @at, deletion_id, 'expired' FROM contacts WHERE deleted_at IS NOT NULL AND deleted_at < @cutoff`,
      ).run({ at, cutoff });
      if (how === 'explicit') {
        for (const { table } of OWNED_TABLES)
          db.prepare(`DELETE FROM ${table} WHERE contact_id IN (${expired})`).run({ cutoff });
        db.prepare(`DELETE FROM contact_tags WHERE contact_id IN (${expired})`).run({ cutoff });
      }
      const n = db
        .prepare('DELETE FROM contacts WHERE deleted_at IS NOT NULL AND deleted_at < @cutoff')
        .run({ cutoff }).changes;
      audit(db, at, 'purge', null, n);
      for (const t of CONTACT_SEARCH_INDEXES) db.prepare(`INSERT INTO ${t}(${t}) VALUES ('optimize')`).run();
    }).immediate();
    db.pragma('wal_checkpoint(TRUNCATE)');
  });
}
