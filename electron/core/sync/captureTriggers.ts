import type { Database } from 'better-sqlite3';
import { isCellColumn, isLifecycleTable, RELATED_TABLES } from '../../../shared/sync/dump.ts';
import { SYNC_TABLES, type SyncTable } from '../../../shared/sync/protocol.ts';

// The one capture path of team mode (docs/sync.md, "What travels"): triggers on every synced table
// write the member's changes to sync_outbox in the same statement, so in the same transaction, as the
// change; no service can forget to. An insert sends ONE `row` message holding every column (and a delete
// message if the row is born deleted); an update sends each changed column as a cell, and a lifecycle
// change (deleted_at/deletion_id going live→deleted or deleted→live) as a delete or restore message,
// except a related row's deletion or restore by a deletion of its contact (docs/sync.md, "Volume": the
// contact's own message cascades in the fold on every machine). Each message is stamped by sync_hlc()
// (syncClock.ts); none is written while pulled messages are applied (sync_capturing() is 0 then). The
// triggers exist only while the database belongs to a team: they are installed on join and dropped on
// leave, so a solo database pays nothing for them.
// Rows are never removed from synced tables in team mode except by a purge, which only the hub makes;
// a DELETE with capture on fails (the `_remove` trigger), so a removal that would not travel cannot happen.

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The SQL of a row's key as messages name it (shared/sync/dump.ts rowKey), over `new.` or `old.`. */
function pkExpr(table: SyncTable, row: 'new' | 'old'): string {
  return table === 'bulk_action_items' ? `${row}.action_id || ':' || ${row}.seq` : `${row}.id`;
}
/** The contact a row's messages name (null for rows of no contact). */
function contactExpr(table: SyncTable, row: 'new' | 'old'): string {
  if (table === 'contacts') return `${row}.id`;
  return (RELATED_TABLES as readonly string[]).includes(table) ? `${row}.contact_id` : 'NULL';
}

export const triggerNames = (table: SyncTable) => [
  `sync_capture_${table}_insert`,
  `sync_capture_${table}_update`,
  `sync_capture_${table}_life`,
  `sync_capture_${table}_remove`,
];

/** The message a removal outside a purge fails with (a bug of ours, never the member's input). */
export const REMOVAL_REFUSED = 'a row of a synced table was removed outside a purge';

/** The columns of a synced table that travel as cells. */
export function cellColumns(db: Database, table: SyncTable): string[] {
  const cols = (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map(
    (c) => c.name,
  );
  return cols.filter((c) => isCellColumn(table, c));
}

/** Every cell column of a row (over `new.`) as one JSON object: a row message's values. */
function valuesExpr(cols: readonly string[]): string {
  return `json_object(${cols.map((c) => `${lit(c)}, new.${q(c)}`).join(', ')})`;
}

/**
 * Whether a related row's lifecycle change by `deletion` (an SQL expression) travels: not when it is a
 * deletion of its contact (kind 'single' or 'bulk'), whose own message cascades in the fold; a record's
 * own deletion (kind 'record') does. An unknown deletion travels (it cannot be told apart).
 */
function travels(table: SyncTable, deletion: string): string {
  if (!(RELATED_TABLES as readonly string[]).includes(table)) return '1';
  return `coalesce((SELECT kind FROM deletions WHERE id = ${deletion}), 'record') NOT IN ('single', 'bulk')`;
}

function triggerSql(db: Database, table: SyncTable): string[] {
  const cols = cellColumns(db, table);
  const t = lit(table);
  const out = 'INSERT INTO sync_outbox (hlc, kind, tbl, pk, contact_id, col, value, deletion_id, at)';
  // A related row moved to another contact (a restore conflict's merge, or its undo) is sent whole, as a row
  // message naming its new contact: a purge of the contact it left drops every message naming that one,
  // and a member joining later must still get the row (docs/sync.md, "Volume").
  const moves = (RELATED_TABLES as readonly string[]).includes(table);
  const changedCells = cols
    .map((c) => `SELECT ${lit(c)} AS c, new.${q(c)} AS v WHERE new.${q(c)} IS NOT old.${q(c)}`)
    .join('\n    UNION ALL ');
  const sql = [
    `CREATE TRIGGER ${triggerNames(table)[0]} AFTER INSERT ON ${q(table)} WHEN sync_capturing() BEGIN
  INSERT INTO sync_outbox (hlc, kind, tbl, pk, contact_id, vals)
    VALUES (sync_hlc(), 'row', ${t}, ${pkExpr(table, 'new')}, ${contactExpr(table, 'new')}, ${valuesExpr(cols)});
  ${
    isLifecycleTable(table)
      ? `${out} SELECT sync_hlc(), 'delete', ${t}, ${pkExpr(table, 'new')}, ${contactExpr(table, 'new')}, NULL, NULL, new.deletion_id, new.deleted_at WHERE new.deletion_id IS NOT NULL AND ${travels(table, 'new.deletion_id')};`
      : ''
  }
END;`,
    `CREATE TRIGGER ${triggerNames(table)[1]} AFTER UPDATE OF ${cols.map(q).join(', ')} ON ${q(table)} WHEN sync_capturing() BEGIN
  ${out}
  SELECT sync_hlc(), 'cell', ${t}, ${pkExpr(table, 'new')}, ${contactExpr(table, 'new')}, c, v, NULL, NULL FROM (
    ${changedCells})${moves ? ' WHERE new.contact_id IS old.contact_id' : ''};${
      moves
        ? `
  INSERT INTO sync_outbox (hlc, kind, tbl, pk, contact_id, vals)
    SELECT sync_hlc(), 'row', ${t}, ${pkExpr(table, 'new')}, ${contactExpr(table, 'new')}, ${valuesExpr(cols)}
    WHERE new.contact_id IS NOT old.contact_id;`
        : ''
    }
END;`,
  ];
  // Nothing leaves a synced table unsent (docs/sync.md, "Decisions"): a row leaves one only by a purge, which
  // the hub makes and every machine applies with capture off. A DELETE while capture is on (the member's
  // own change) would send nothing, and every other machine would keep the row forever: it fails the
  // whole transaction instead, so the change is not made here either.
  sql.push(`CREATE TRIGGER ${triggerNames(table)[3]} BEFORE DELETE ON ${q(table)} WHEN sync_capturing() BEGIN
  SELECT RAISE(ABORT, ${lit(`${REMOVAL_REFUSED} (${table})`)});
END;`);
  if (isLifecycleTable(table)) {
    sql.push(`CREATE TRIGGER ${triggerNames(table)[2]} AFTER UPDATE OF deleted_at, deletion_id ON ${q(table)}
  WHEN sync_capturing() AND new.deletion_id IS NOT old.deletion_id BEGIN
  ${out} SELECT sync_hlc(), 'restore', ${t}, ${pkExpr(table, 'old')}, ${contactExpr(table, 'old')}, NULL, NULL, old.deletion_id, NULL
    WHERE old.deletion_id IS NOT NULL AND ${travels(table, 'old.deletion_id')};
  ${out} SELECT sync_hlc(), 'delete', ${t}, ${pkExpr(table, 'new')}, ${contactExpr(table, 'new')}, NULL, NULL, new.deletion_id, new.deleted_at
    WHERE new.deletion_id IS NOT NULL AND ${travels(table, 'new.deletion_id')};
END;`);
  }
  return sql;
}

/** Installs the capture triggers (join); idempotent. Run inside the join's transaction. */
export function installCapture(db: Database): void {
  dropCapture(db);
  for (const table of SYNC_TABLES) for (const sql of triggerSql(db, table)) db.exec(sql);
}

/** Drops them (leave): the database is solo again and its writes cost what they did before. */
export function dropCapture(db: Database): void {
  for (const table of SYNC_TABLES) for (const name of triggerNames(table)) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
}

/**
 * Every row this database holds, as messages in the outbox (joining with a database that already has
 * data: it is uploaded, never merged): one row message per row, exactly what an insert sends, in
 * reference order (INSERT_ORDER) so a member pulling the upload can insert each row as it comes. Then the
 * deletions, in the order one machine made them possible: a related record's own deletion first, then
 * the contacts' (a contact deleted after one of its records was deleted on its own leaves that record
 * with its own deletion, in the fold as here); a related row deleted with its contact sends nothing (its
 * contact's delete cascades onto it in the fold). Run inside the join's transaction, after installCapture.
 */
export function captureExistingRows(db: Database): number {
  let n = 0;
  for (const table of INSERT_ORDER) {
    n += db
      .prepare(
        `INSERT INTO sync_outbox (hlc, kind, tbl, pk, contact_id, vals)
         SELECT sync_hlc(), 'row', ${lit(table)}, ${pkExpr(table, 'new')}, ${contactExpr(table, 'new')}, ${valuesExpr(cellColumns(db, table))}
           FROM ${q(table)} AS new`,
      )
      .run().changes;
  }
  for (const table of [...RELATED_TABLES, 'contacts'] as const) {
    n += db
      .prepare(
        `INSERT INTO sync_outbox (hlc, kind, tbl, pk, contact_id, deletion_id, at)
         SELECT sync_hlc(), 'delete', ${lit(table)}, ${pkExpr(table, 'new')}, ${contactExpr(table, 'new')}, new.deletion_id, new.deleted_at
           FROM ${q(table)} AS new WHERE new.deletion_id IS NOT NULL AND ${travels(table, 'new.deletion_id')}`,
      )
      .run().changes;
  }
  return n;
}

/** Tables in the order their rows can be inserted (what a row references comes first): for a join's upload and for applying pulled rows. */
export const INSERT_ORDER: readonly SyncTable[] = [
  'bulk_actions',
  'bulk_action_items',
  'deletions',
  'contacts',
  'conversations',
  'messages',
  'notes',
  'opportunities',
  'tasks',
  'appointments',
  'manual_actions',
  'audit_log',
];
