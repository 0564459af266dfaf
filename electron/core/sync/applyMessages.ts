import type { Database } from 'better-sqlite3';
import { foldLifecycle, lwwWins, type LifecycleEvent } from '../../../shared/sync/fold.ts';
import { isCellColumn, isLifecycleTable, keyColumns, RELATED_TABLES } from '../../../shared/sync/dump.ts';
import { SYNC_TABLES, type SyncMessage, type SyncTable } from '../../../shared/sync/protocol.ts';
import { NEXT_CONTACT_ROWID } from '../contacts/contactRowid.ts';
import { writeContactTags } from '../contacts/contactTags.ts';
import { cachedStatement } from '../db/statements.ts';
import type { Tx } from '../db/tx.ts';
import { eraseContacts } from '../lifecycle/purgeContactRows.ts';
import { appendToLedger } from '../purgeLedger/ledger.ts';
import { INSERT_ORDER } from './captureTriggers.ts';
import { markRemoteAction } from './remoteActions.ts';
import { applyPurgeDeletion, namesPurgedRow } from './purgeDeletion.ts';
import { holdForReview, recomputeReview } from './review.ts';
import { receiveTime, whileApplying } from './syncClock.ts';

// Applies messages pulled from the hub to this machine's tables (docs/sync.md): per cell the greatest
// HLC wins; a row's lifecycle is recomputed from all its lifecycle messages and its contact's
// (shared/sync/fold.ts), so a late message lands in its place in history; a related row live under a
// deleted contact is deleted with the contact's deletion (derived); a purge erases the contact and
// everything of it and leaves a tombstone that drops every later message naming it; the needs-review
// mark is recomputed for the contacts touched. Capture is off meanwhile (pulled state is not the
// member's change). Idempotent: a message applied twice changes nothing.

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const rowKey = (table: string, pk: string) => `${table}\u0000${pk}`;
const splitKey = (key: string) => key.split('\u0000') as [SyncTable, string];

function whereKey(table: SyncTable): string {
  return table === 'bulk_action_items' ? 'action_id = @a AND seq = @s' : 'id = @id';
}
function keyParams(table: SyncTable, pk: string): Record<string, unknown> {
  const k = keyColumns(table, pk);
  return table === 'bulk_action_items' ? { a: k.action_id, s: k.seq } : { id: k.id };
}

/** What one slice changed, for data.changed and the caller's counts. */
export interface ApplyResult {
  applied: number;
  dropped: number;
  changedContacts: boolean;
  changedBulk: boolean;
  purged: number;
  /** How many of the slice's messages were taken (all, unless the CPU budget ran out first). */
  consumed: number;
}

const tableColumns = new WeakMap<Database, Map<string, Set<string>>>();
function columnsOf(db: Database, table: SyncTable): Set<string> {
  let m = tableColumns.get(db);
  if (!m) tableColumns.set(db, (m = new Map()));
  let s = m.get(table);
  if (!s)
    m.set(
      table,
      (s = new Set(
        (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((c) => c.name),
      )),
    );
  return s;
}

export const isTombstoned = (db: Database, contactId: string | null): boolean =>
  contactId !== null &&
  cachedStatement(db, 'SELECT 1 FROM purged_contacts WHERE contact_id = ?').get(contactId) !== undefined;

/**
 * Applies one slice of messages in the caller's transaction (which also moves the pull cursor).
 * `at` is the hub's receipt time of the messages (a purge's tombstone time).
 */
export function applySlice(
  db: Tx,
  messages: readonly { message: SyncMessage; receivedAt: number }[],
  budget: { cpuMs: () => number; untilMs: number } | null = null,
): ApplyResult {
  return whileApplying(db, () => applyInner(db, messages, budget));
}

function applyInner(
  db: Tx,
  messages: readonly { message: SyncMessage; receivedAt: number }[],
  budget: { cpuMs: () => number; untilMs: number } | null,
): ApplyResult {
  const result: ApplyResult = {
    applied: 0,
    dropped: 0,
    changedContacts: false,
    changedBulk: false,
    purged: 0,
    consumed: 0,
  };
  const refold = new Set<string>(); // row keys whose lifecycle must be recomputed
  const refoldContacts = new Set<string>(); // contacts whose related rows must be recomputed
  const pendingRows = new Set<string>();
  const review = new Set<string>();
  const tags = new Set<string>();
  const note = (table: SyncTable) => {
    if (table === 'bulk_actions' || table === 'bulk_action_items') result.changedBulk = true;
    else result.changedContacts = true;
  };

  for (const { message: m, receivedAt } of messages) {
    // The slice ends early once its CPU budget is spent (checked every 16 messages; the rest of the work
    // below, proportional to what was taken, fits in what the budget leaves).
    if (budget && result.consumed > 0 && result.consumed % 16 === 0 && budget.cpuMs() > budget.untilMs) break;
    result.consumed++;
    receiveTime(db, m.hlc);
    if (m.kind === 'purgeRequest') continue;
    if (m.kind === 'purge') {
      result.purged += purgeContact(db, m.contactId, receivedAt);
      review.delete(m.contactId);
      result.changedContacts = true;
      continue;
    }
    if (m.kind === 'purgeDeletion') {
      result.purged += applyPurgeDeletion(db, m, receivedAt); // a record deletion's purge (purgeDeletion.ts)
      result.changedContacts = true;
      continue;
    }
    if (isTombstoned(db, m.contactId) || namesPurgedRow(db, m)) {
      result.dropped++;
      continue;
    }
    result.applied++;
    const key = rowKey(m.table, m.pk);
    if (m.kind === 'cell' || m.kind === 'row') {
      // a row message is one cell per column, all at its hlc
      const written =
        m.kind === 'cell' ? [m] : Object.entries(m.values).map(([column, value]) => ({ ...m, column, value }));
      for (const c of written) {
        if (!isCellColumn(c.table, c.column) || !columnsOf(db, c.table).has(c.column)) continue;
        const current = cachedStatement(db, 'SELECT hlc FROM sync_cells WHERE tbl = ? AND pk = ? AND col = ?')
          .pluck()
          .get(c.table, c.pk, c.column) as string | undefined;
        if (!lwwWins(c.hlc, current)) continue;
        const exists =
          cachedStatement(db, `SELECT 1 FROM ${q(c.table)} WHERE ${whereKey(c.table)}`).get(
            keyParams(c.table, c.pk),
          ) !== undefined;
        if (!exists) {
          cachedStatement(
            db,
            `INSERT INTO sync_pending (tbl, pk, col, hlc, value, contact_id) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (tbl, pk, col) DO UPDATE SET hlc = excluded.hlc, value = excluded.value WHERE excluded.hlc > sync_pending.hlc`,
          ).run(c.table, c.pk, c.column, c.hlc, sqlValue(c.value), c.contactId);
          pendingRows.add(key);
          continue;
        }
        if (c.table === 'contacts' && (c.column === 'email' || c.column === 'phone_digits')) {
          holdForReview(db, c.pk);
          review.add(c.pk);
        }
        cachedStatement(db, `UPDATE ${q(c.table)} SET ${q(c.column)} = @v WHERE ${whereKey(c.table)}`).run({
          ...keyParams(c.table, c.pk),
          v: sqlValue(c.value),
        });
        setCellHlc(db, c.table, c.pk, c.column, c.hlc, c.contactId);
        if (c.table === 'contacts' && c.column === 'tags') tags.add(c.pk);
        note(c.table);
      }
    } else {
      if (!isLifecycleTable(m.table)) continue;
      const inserted = cachedStatement(
        db,
        'INSERT OR IGNORE INTO sync_life (tbl, pk, hlc, kind, deletion_id, at, contact_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(m.table, m.pk, m.hlc, m.kind, m.deletionId, m.kind === 'delete' ? m.at : null, m.contactId).changes;
      if (inserted === 0) continue;
      // Refolded at once (not after the loop), so the slice's CPU budget sees this work: a contact's
      // deletion refolds every related row of the contact.
      if (refoldRow(db, m.table, m.pk)) {
        note(m.table);
        if (m.table === 'contacts') review.add(m.pk);
      }
      if (m.table === 'contacts') refoldRelated(db, m.pk, note);
    }
  }

  // Rows whose columns are all here (and whose references exist) are inserted, in reference order.
  if (pendingRows.size > 0) {
    for (const key of insertPending(db, pendingRows)) {
      const [table, pk] = splitKey(key);
      refold.add(key);
      note(table);
      if (table === 'bulk_actions') markRemoteAction(db, pk);
      if (table === 'contacts') {
        review.add(pk);
        tags.add(pk);
        refoldContacts.add(pk);
      }
    }
  }

  // Lifecycles: the rows named, then every related row of a contact whose lifecycle moved.
  for (const key of refold) {
    const [table, pk] = splitKey(key);
    if (refoldRow(db, table, pk)) {
      note(table);
      if (table === 'contacts') review.add(pk);
    }
  }
  for (const contactId of refoldContacts) refoldRelated(db, contactId, note, refold);
  for (const id of tags) {
    const row = cachedStatement(db, 'SELECT tags FROM contacts WHERE id = ?').pluck().get(id) as string | undefined;
    if (row !== undefined) writeContactTags(db, id, parseTags(row));
  }
  if (review.size > 0 && recomputeReview(db, review) > 0) result.changedContacts = true;
  return result;
}

function parseTags(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

function sqlValue(v: unknown): string | number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === undefined) return null;
  return v as string | number | null;
}

function setCellHlc(db: Database, table: string, pk: string, col: string, hlc: string, contactId: string | null): void {
  cachedStatement(
    db,
    `INSERT INTO sync_cells (tbl, pk, col, hlc, contact_id) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tbl, pk, col) DO UPDATE SET hlc = excluded.hlc WHERE excluded.hlc > sync_cells.hlc`,
  ).run(table, pk, col, hlc, contactId);
}

/**
 * Inserts the pending rows this slice added cells to, when they can be inserted now (all their NOT NULL
 * columns here, the rows they reference present), in reference order. Once some were inserted, rows
 * blocked in earlier slices on a row they reference (sync_blocked) are tried again, until a
 * pass inserts nothing. Returns the keys inserted.
 */
function insertPending(db: Database, touched: ReadonlySet<string>): string[] {
  const done: string[] = [];
  const byTable = (keys: Iterable<string>) => {
    const m = new Map<SyncTable, string[]>();
    for (const k of keys) {
      const [t, pk] = splitKey(k);
      const list = m.get(t);
      if (list) list.push(pk);
      else m.set(t, [pk]);
    }
    return m;
  };
  let candidates = byTable(touched);
  for (let pass = 0; pass < 4; pass++) {
    let progress = 0;
    for (const table of INSERT_ORDER) {
      for (const pk of candidates.get(table) ?? []) {
        if (tryInsert(db, table, pk)) {
          done.push(rowKey(table, pk));
          progress++;
        }
      }
    }
    if (progress === 0) break;
    const left = cachedStatement(db, 'SELECT tbl, pk FROM sync_blocked').all() as { tbl: string; pk: string }[];
    if (left.length === 0) break;
    candidates = byTable(left.map((r) => rowKey(r.tbl, r.pk)));
  }
  return done;
}

/**
 * Inserts one pending row if it can be. A row still missing a NOT NULL column waits for its next cell
 * (which touches it again); a row whose referenced row is missing is listed in sync_blocked and tried
 * again once a slice inserted something.
 */
function tryInsert(db: Database, table: SyncTable, pk: string): boolean {
  const cells = cachedStatement(
    db,
    'SELECT col, hlc, value, contact_id FROM sync_pending WHERE tbl = ? AND pk = ?',
  ).all(table, pk) as {
    col: string;
    hlc: string;
    value: string | number | null;
    contact_id: string | null;
  }[];
  if (cells.length === 0) {
    cachedStatement(db, 'DELETE FROM sync_blocked WHERE tbl = ? AND pk = ?').run(table, pk); // purged meanwhile
    return false;
  }
  const row: Record<string, unknown> = { ...keyColumns(table, pk) };
  for (const c of cells) row[c.col] = c.value;
  if (table === 'contacts') row.review_of = '?'; // recomputed below; never fails the unique indexes meanwhile
  const cols = Object.keys(row);
  const names = cols.map(q).join(', ');
  const params = cols.map((_, i) => `@p${i}`).join(', ');
  const bound = Object.fromEntries(cols.map((c, i) => [`p${i}`, row[c]]));
  const sql =
    table === 'contacts'
      ? `INSERT INTO contacts (rowid, ${names}) VALUES (${NEXT_CONTACT_ROWID}, ${params})`
      : `INSERT INTO ${q(table)} (${names}) VALUES (${params})`;
  try {
    db.transaction(() => cachedStatement(db, sql).run(bound))();
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      cachedStatement(db, 'INSERT OR IGNORE INTO sync_blocked (tbl, pk) VALUES (?, ?)').run(table, pk);
      return false;
    }
    if (code.startsWith('SQLITE_CONSTRAINT')) return false; // a column is still to come
    throw err;
  }
  for (const c of cells) setCellHlc(db, table, pk, c.col, c.hlc, c.contact_id);
  cachedStatement(db, 'DELETE FROM sync_pending WHERE tbl = ? AND pk = ?').run(table, pk);
  cachedStatement(db, 'DELETE FROM sync_blocked WHERE tbl = ? AND pk = ?').run(table, pk);
  return true;
}

function eventsOf(db: Database, table: string, pk: string): LifecycleEvent[] {
  const rows = cachedStatement(db, 'SELECT kind, hlc, deletion_id, at FROM sync_life WHERE tbl = ? AND pk = ?').all(
    table,
    pk,
  ) as {
    kind: 'delete' | 'restore';
    hlc: string;
    deletion_id: string;
    at: number | null;
  }[];
  return rows.map((r) => ({ kind: r.kind, hlc: r.hlc, deletionId: r.deletion_id, at: r.at ?? undefined }));
}

/** Sets a row's deleted_at/deletion_id to the fold of its messages (and its contact's). Returns whether it changed. */
/** Refolds every related row of a contact whose lifecycle moved (skipping rows already in `done`). */
function refoldRelated(
  db: Database,
  contactId: string,
  note: (t: SyncTable) => void,
  done: ReadonlySet<string> = new Set(),
): void {
  for (const table of RELATED_TABLES) {
    const ids = cachedStatement(db, `SELECT id FROM ${table} WHERE contact_id = ?`).pluck().all(contactId) as string[];
    for (const id of ids) if (!done.has(rowKey(table, id)) && refoldRow(db, table, id)) note(table);
  }
}

export function refoldRow(db: Database, table: SyncTable, pk: string): boolean {
  if (!isLifecycleTable(table)) return false;
  const cur = cachedStatement(
    db,
    `SELECT deleted_at, deletion_id${table === 'contacts' ? '' : ', contact_id'} FROM ${table} WHERE id = ?`,
  ).get(pk) as { deleted_at: number | null; deletion_id: string | null; contact_id?: string } | undefined;
  if (!cur) return false;
  const own = eventsOf(db, table, pk);
  const state =
    table === 'contacts' ? foldLifecycle(own) : foldLifecycle(own, eventsOf(db, 'contacts', cur.contact_id!));
  if (state.deletedAt === cur.deleted_at && state.deletionId === cur.deletion_id) return false;
  if (table === 'contacts' && state.deletionId === null) holdForReview(db, pk); // coming back: may share a value now
  cachedStatement(db, `UPDATE ${table} SET deleted_at = ?, deletion_id = ? WHERE id = ?`).run(
    state.deletedAt,
    state.deletionId,
    pk,
  );
  return true;
}

/**
 * A purge from the hub: the contact and every row of it erased for good (as the local purge does, with
 * secure_delete and the purge ledger, so a backup restored later cannot bring it back), every message
 * about it gone from this machine's bookkeeping and outbox, and the tombstone kept (ids only).
 */
function purgeContact(db: Tx, contactId: string, at: number): number {
  if (isTombstoned(db, contactId)) return 0;
  appendToLedger(db, { at, how: 'expired', contacts: [contactId] });
  const gone = eraseContacts(db, [contactId], at, 'expired');
  for (const t of ['sync_outbox', 'sync_cells', 'sync_life', 'sync_pending'])
    cachedStatement(db, `DELETE FROM ${t} WHERE contact_id = ?`).run(contactId);
  return gone;
}

/** Every table's key column list, for tests. */
export const SYNCED = SYNC_TABLES;
