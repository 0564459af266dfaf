import type { Database, Statement } from 'better-sqlite3';
import { foldLifecycle, lwwWins, type Lifecycle, type LifecycleEvent } from '../../../shared/sync/fold.ts';
import { isCellColumn, isLifecycleTable, keyColumns, RELATED_TABLES } from '../../../shared/sync/dump.ts';
import { SYNC_TABLES, type SyncMessage, type SyncTable } from '../../../shared/sync/protocol.ts';
import { NEXT_CONTACT_ROWID } from '../contacts/contactRowid.ts';
import { writeContactTags } from '../contacts/contactTags.ts';
import { cachedStatement } from '../db/statements.ts';
import type { Tx } from '../db/tx.ts';
import { withoutFtsSecureDelete } from '../lifecycle/ftsSecureDelete.ts';
import { eraseContacts, noteTwoMatchRow } from '../lifecycle/purgeContactRows.ts';
import { appendToLedger } from '../purgeLedger/ledger.ts';
import { INSERT_ORDER } from './captureTriggers.ts';
import { markRemoteAction } from './remoteActions.ts';
import { cellHlcSql } from './cellHlc.ts';
import { applyPurgeDeletion, namesPurgedRow } from './purgeDeletion.ts';
import { forgetPurgedContact } from './purgeBookkeeping.ts';
import { eraseListedRows, returnMovedRows } from './purgeMoves.ts';
import { importsNamingContact, sendRenamedHeaders } from './purgeImportHeaders.ts';
import { holdForReview, recomputeReview } from './review.ts';
import { receiveTime, whileApplying } from './syncClock.ts';

// Applies messages pulled from the hub to this machine's tables (docs/sync.md): per cell the greatest
// HLC wins; a row's lifecycle is recomputed from all its lifecycle messages and its contact's
// (shared/sync/fold.ts), so a late message lands in its place in history; a related row live under a
// deleted contact is deleted with the contact's deletion (derived); a purge erases the contact and
// everything of it and leaves a tombstone that drops every later message naming it; the needs-review
// mark is recomputed for the contacts touched. Capture is off meanwhile (pulled state is not the
// member's change). Idempotent: a message applied twice changes nothing.
// At volume (docs/sync.md, "A member's machine at volume"): a row message for a row not here is one
// INSERT; a contact's lifecycle change moves the related rows that follow it in one UPDATE per table.

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
  /**
   * Where the pull cursor goes back to, when a purge undid a move made here that the hub dropped: what was
   * pulled since that move is applied again (purgeMoves.ts). Absent otherwise.
   */
  repullFrom?: number;
}

const RELATED = new Set<string>(RELATED_TABLES);
const isRelatedTable = (t: string) => RELATED.has(t);

/** The columns of a table that pulled cells may write (this database has them, and they travel). */
const writableColumns = new WeakMap<Database, Map<string, Set<string>>>();
function cellColumnsOf(db: Database, table: SyncTable): Set<string> {
  let m = writableColumns.get(db);
  if (!m) writableColumns.set(db, (m = new Map()));
  let s = m.get(table);
  if (!s) m.set(table, (s = new Set([...columnsOf(db, table)].filter((c) => isCellColumn(table, c)))));
  return s;
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

  // Contacts' lifecycle messages are folded as they come, and their new states written together (one
  // statement per table for the run of messages, not one per contact: each contact's row change also
  // rewrites its search-index entries), before any message that could read them.
  const moved = new Map<string, { before: Lifecycle; after: Lifecycle }>();
  const lifeTouched = new Set<string>();
  const flushContacts = () => {
    if (lifeTouched.size === 0) return;
    // A contact's deletion or restore is a soft one, as on one machine: the search index takes the fast
    // 'delete' marker (its erasure is the purge's work), as the local bulk delete does.
    withoutFtsSecureDelete(db, () => writeContactLifecycles(db, moved, lifeTouched, note, review));
    moved.clear();
    lifeTouched.clear();
  };
  // Whether some row waits in sync_pending: a row message is then inserted only after checking it has no
  // cells waiting (otherwise it is inserted at once, in one statement).
  let pendingAny = cachedStatement(db, 'SELECT EXISTS (SELECT 1 FROM sync_pending)').pluck().get() === 1;
  // Whether a record deletion's purge erased some row here: only then is each message checked against them.
  let purgedRowsAny = cachedStatement(db, 'SELECT EXISTS (SELECT 1 FROM sync_purged_rows)').pluck().get() === 1;
  const tombstoned = new Map<string, boolean>(); // contact id → purged (looked up once per slice)
  const isDropped = (contactId: string | null) => {
    if (contactId === null) return false;
    let t = tombstoned.get(contactId);
    if (t === undefined) tombstoned.set(contactId, (t = isTombstoned(db, contactId)));
    return t;
  };
  let newest = '';
  /** A column written: the derived state it feeds (tags, the needs-review mark, a moved row's lifecycle). */
  const wrote = (table: SyncTable, pk: string, column: string) => {
    if (table === 'contacts' && column === 'tags') tags.add(pk);
    if (table !== 'contacts' && column === 'contact_id' && isLifecycleTable(table)) refold.add(rowKey(table, pk));
    note(table);
  };

  for (const { message: m, receivedAt } of messages) {
    // The slice ends early once its CPU budget is spent (checked every 16 messages; the rest of the work
    // below, proportional to what was taken, fits in what the budget leaves).
    if (budget && result.consumed > 0 && result.consumed % 16 === 0 && budget.cpuMs() > budget.untilMs) break;
    result.consumed++;
    if (m.hlc > newest) newest = m.hlc;
    const batchable =
      m.kind === 'purgeRequest' ||
      ((m.kind === 'delete' || m.kind === 'restore') && m.table === 'contacts') ||
      ((m.kind === 'cell' || m.kind === 'row') && !isLifecycleTable(m.table));
    // (a run is also written every CONTACT_RUN contacts, so the slice's CPU budget sees the work)
    if (!batchable || lifeTouched.size >= CONTACT_RUN) flushContacts();
    if (m.kind === 'purgeRequest') continue;
    if (m.kind === 'purge') {
      // a move racing the purge (purgeMoves.ts): rows the hub kept under their owner go back there, to be
      // refolded under it; rows it erased go wherever a move here put them
      const back = returnMovedRows(db, m);
      for (const r of back.moved) refold.add(rowKey(r.table as SyncTable, r.pk));
      if (back.repullFrom !== null) result.repullFrom = Math.min(result.repullFrom ?? back.repullFrom, back.repullFrom);
      result.purged += purgeContact(db, m.contactId, receivedAt) + eraseListedRows(db, m, receivedAt);
      if (m.rows?.length) purgedRowsAny ||= cachedStatement(db, 'SELECT EXISTS (SELECT 1 FROM sync_purged_rows)').pluck().get() === 1;
      tombstoned.set(m.contactId, true);
      review.delete(m.contactId);
      result.changedContacts = true;
      continue;
    }
    if (m.kind === 'purgeDeletion') {
      result.purged += applyPurgeDeletion(db, m, receivedAt); // a record deletion's purge (purgeDeletion.ts)
      purgedRowsAny = true;
      result.changedContacts = true;
      continue;
    }
    if (isDropped(m.contactId) || (purgedRowsAny && namesPurgedRow(db, m))) {
      result.dropped++;
      continue;
    }
    result.applied++;
    const key = rowKey(m.table, m.pk);
    // A pulled import row skipped as matching two contacts: a later purge of its second contact must look
    // for such rows (purgeContactRows.ts keeps, per connection, whether there are any).
    if (m.table === 'bulk_action_items' && namesSecondMatch(m)) noteTwoMatchRow(db);
    if (m.kind === 'cell') {
      if (!cellColumnsOf(db, m.table).has(m.column)) continue;
      const current = cachedStatement(db, `SELECT ${cellHlcSql('@t', '@p', '@c')}`)
        .pluck()
        .get({ t: m.table, p: m.pk, c: m.column }) as string | null;
      if (!lwwWins(m.hlc, current)) continue;
      if (!rowExists(db, m.table, m.pk)) {
        pend(db, m.table, m.pk, m.column, m.hlc, m.value, m.contactId);
        pendingAny = true;
        pendingRows.add(key);
        continue;
      }
      writeColumn(db, m.table, m.pk, m.column, m.value, review);
      setCellHlc(db, m.table, m.pk, m.column, m.hlc, m.contactId);
      wrote(m.table, m.pk, m.column);
    } else if (m.kind === 'row') {
      // A row message is one cell per column, all at its hlc (docs/sync.md, "Row messages"). A row not
      // here yet (the usual case: an insert, a join) is inserted in one statement.
      const writable = cellColumnsOf(db, m.table);
      const values = Object.entries(m.values).filter(([c]) => writable.has(c));
      const waiting =
        pendingAny &&
        cachedStatement(db, 'SELECT 1 FROM sync_pending WHERE tbl = ? AND pk = ? LIMIT 1').get(m.table, m.pk) !==
          undefined;
      if (!waiting && insertRow(db, m.table, m.pk, values)) {
        setRowHlc(db, m.table, m.pk, m.hlc, m.contactId);
        afterInsert(db, m.table, m.pk, { refold, review, tags, note });
        continue;
      }
      if (!rowExists(db, m.table, m.pk)) {
        // wait with the row's other cells (or for the row it references), as cells do
        for (const [column, value] of values) pend(db, m.table, m.pk, column, m.hlc, value, m.contactId);
        pendingAny = true;
        pendingRows.add(key);
        continue;
      }
      const rowHlc = cachedStatement(db, 'SELECT hlc FROM sync_rows WHERE tbl = ? AND pk = ?')
        .pluck()
        .get(m.table, m.pk) as string | undefined;
      if (!lwwWins(m.hlc, rowHlc)) continue; // every column of the row is at least as new
      const cellHlcs = new Map(
        (
          cachedStatement(db, 'SELECT col, hlc FROM sync_cells WHERE tbl = ? AND pk = ?').all(m.table, m.pk) as {
            col: string;
            hlc: string;
          }[]
        ).map((r) => [r.col, r.hlc]),
      );
      for (const [column, value] of values) {
        if (!lwwWins(m.hlc, cellHlcs.get(column))) continue;
        writeColumn(db, m.table, m.pk, column, value, review);
        wrote(m.table, m.pk, column);
      }
      setRowHlc(db, m.table, m.pk, m.hlc, m.contactId);
    } else {
      if (!isLifecycleTable(m.table)) continue;
      const inserted = cachedStatement(
        db,
        'INSERT OR IGNORE INTO sync_life (tbl, pk, hlc, kind, deletion_id, at, contact_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(m.table, m.pk, m.hlc, m.kind, m.deletionId, m.kind === 'delete' ? m.at : null, m.contactId).changes;
      if (inserted === 0) continue;
      if (m.table === 'contacts') {
        // folded now (so the slice's CPU budget sees it), written with the run it belongs to
        const current =
          moved.get(m.pk)?.after ??
          (cachedStatement(db, 'SELECT deleted_at AS deletedAt, deletion_id AS deletionId FROM contacts WHERE id = ?').get(
            m.pk,
          ) as Lifecycle | undefined);
        if (!current) continue; // not here yet: refolded with its related rows when it is inserted
        const before = moved.get(m.pk)?.before ?? current;
        const after = foldLifecycle(eventsOf(db, 'contacts', m.pk));
        lifeTouched.add(m.pk);
        if (sameLifecycle(after, before)) moved.delete(m.pk);
        else moved.set(m.pk, { before, after });
      } else if (refoldRow(db, m.table, m.pk)) note(m.table);
    }
  }
  flushContacts();
  if (newest !== '') receiveTime(db, newest);

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

function rowExists(db: Database, table: SyncTable, pk: string): boolean {
  return cachedStatement(db, `SELECT 1 FROM ${q(table)} WHERE ${whereKey(table)}`).get(keyParams(table, pk)) !== undefined;
}

/** A pulled cell of a row not here yet: kept until the row can be inserted (the newest per column). */
function pend(
  db: Database,
  table: SyncTable,
  pk: string,
  column: string,
  hlc: string,
  value: unknown,
  contactId: string | null,
): void {
  cachedStatement(
    db,
    `INSERT INTO sync_pending (tbl, pk, col, hlc, value, contact_id) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (tbl, pk, col) DO UPDATE SET hlc = excluded.hlc, value = excluded.value WHERE excluded.hlc > sync_pending.hlc`,
  ).run(table, pk, column, hlc, sqlValue(value), contactId);
}

/** One column of an existing row set to a pulled value (a contact's email or phone: held for review first). */
function writeColumn(db: Database, table: SyncTable, pk: string, column: string, value: unknown, review: Set<string>): void {
  if (table === 'contacts' && (column === 'email' || column === 'phone_digits')) {
    holdForReview(db, pk);
    review.add(pk);
  }
  cachedStatement(db, `UPDATE ${q(table)} SET ${q(column)} = @v WHERE ${whereKey(table)}`).run({
    ...keyParams(table, pk),
    v: sqlValue(value),
  });
}

function setRowHlc(db: Database, table: string, pk: string, hlc: string, contactId: string | null): void {
  cachedStatement(
    db,
    `INSERT INTO sync_rows (tbl, pk, hlc, contact_id) VALUES (?, ?, ?, ?)
     ON CONFLICT (tbl, pk) DO UPDATE SET hlc = excluded.hlc, contact_id = excluded.contact_id WHERE excluded.hlc > sync_rows.hlc`,
  ).run(table, pk, hlc, contactId);
}

/** The INSERT statement of one table for one list of columns (a row message's columns); its SQL text is built once. */
const insertSql = new Map<string, string>();
function insertStatement(db: Database, table: SyncTable, cols: readonly string[], related: boolean): Statement {
  const key = `${table}\u0000${related}\u0000${cols.join('\u0000')}`;
  let sql = insertSql.get(key);
  if (sql === undefined) {
    const names = cols.map(q).join(', ');
    const marks = cols.map(() => '?').join(', ');
    sql =
      table === 'contacts'
        ? // review_of '?': recomputed in this slice; never fails the unique indexes meanwhile
          `INSERT INTO contacts (rowid, review_of, ${names}) VALUES (${NEXT_CONTACT_ROWID}, '?', ${marks})`
        : related
          ? `INSERT INTO ${q(table)} (${names}, deleted_at, deletion_id) SELECT ${marks}, c.deleted_at, c.deletion_id FROM contacts c WHERE c.id = ?`
          : `INSERT INTO ${q(table)} (${names}) VALUES (${marks})`;
    insertSql.set(key, sql);
  }
  return cachedStatement(db, sql);
}

/**
 * Inserts a row message's row in one statement, if it can be now. A related row is inserted with its
 * contact's lifecycle (a row with no lifecycle message of its own folds to exactly its contact's: the
 * contact's messages cascade onto it from the start), and nothing when its contact is not here yet.
 * Returns false when the row must wait (its contact or another referenced row missing, a column to come).
 */
function insertRow(db: Database, table: SyncTable, pk: string, values: readonly (readonly [string, unknown])[]): boolean {
  const key = keyColumns(table, pk);
  const cols = Object.keys(key);
  const params: unknown[] = Object.values(key);
  let contactId: unknown = null;
  for (const [c, v] of values) {
    if (c === 'contact_id') contactId = v;
    if (c in key) continue;
    cols.push(c);
    params.push(sqlValue(v));
  }
  const related = isRelatedTable(table);
  if (related) {
    if (typeof contactId !== 'string') return false;
    params.push(contactId);
  }
  try {
    return insertStatement(db, table, cols, related).run(params).changes === 1;
  } catch (err) {
    if (((err as { code?: string }).code ?? '').startsWith('SQLITE_CONSTRAINT')) return false;
    throw err;
  }
}

/** What a row inserted by a pull entails: its lifecycle if it has messages of its own, derived state, lists. */
function afterInsert(
  db: Database,
  table: SyncTable,
  pk: string,
  s: { refold: Set<string>; review: Set<string>; tags: Set<string>; note: (t: SyncTable) => void },
): void {
  s.note(table);
  if (table === 'bulk_actions') markRemoteAction(db, pk);
  if (table === 'contacts') {
    s.review.add(pk);
    s.tags.add(pk);
  }
  if (isLifecycleTable(table) && cachedStatement(db, 'SELECT 1 FROM sync_life WHERE tbl = ? AND pk = ? LIMIT 1').get(table, pk))
    s.refold.add(rowKey(table, pk));
}

/** Contacts whose new lifecycles are written in one go, at most. */
const CONTACT_RUN = 16;

const sameLifecycle = (a: Lifecycle, b: Lifecycle) => a.deletedAt === b.deletedAt && a.deletionId === b.deletionId;

/**
 * Writes the new lifecycles of contacts whose lifecycle messages arrived: each contact's own row, then
 * every related row that follows it (a related row with no lifecycle message of its own folds to exactly
 * its contact's lifecycle, so it holds the contact's old state and takes the new one), one statement per
 * table for all of them; the related rows with messages of their own are refolded one by one, exactly.
 * Same result as refolding every row, without a fold (or a statement) per row.
 */
function writeContactLifecycles(
  db: Database,
  moved: ReadonlyMap<string, { before: Lifecycle; after: Lifecycle }>,
  touched: ReadonlySet<string>,
  note: (t: SyncTable) => void,
  review: Set<string>,
): void {
  if (moved.size > 0) {
    const changes = JSON.stringify(
      [...moved].map(([c, { before, after }]) => ({ c, at: after.deletedAt, id: after.deletionId, old: before.deletionId })),
    );
    // a contact coming back may share an email or phone now: held for review (recomputed below)
    cachedStatement(
      db,
      `UPDATE contacts SET deleted_at = j.value ->> 'at', deletion_id = j.value ->> 'id',
         review_of = CASE WHEN j.value ->> 'id' IS NULL AND review_of IS NULL THEN '?' ELSE review_of END
       FROM json_each(?) AS j WHERE contacts.id = j.value ->> 'c'`,
    ).run(changes);
    note('contacts');
    for (const c of moved.keys()) review.add(c);
    for (const table of RELATED_TABLES) {
      const n = cachedStatement(
        db,
        `UPDATE ${table} SET deleted_at = j.value ->> 'at', deletion_id = j.value ->> 'id'
         FROM json_each(?) AS j WHERE ${table}.contact_id = j.value ->> 'c' AND ${table}.deletion_id IS j.value ->> 'old'`,
      ).run(changes).changes;
      if (n > 0) note(table);
    }
  }
  const ids = JSON.stringify([...touched]);
  for (const table of RELATED_TABLES) {
    const own = cachedStatement(
      db,
      `SELECT t.id FROM json_each(?) AS j CROSS JOIN ${table} AS t ON t.contact_id = j.value
        WHERE EXISTS (SELECT 1 FROM sync_life l WHERE l.tbl = '${table}' AND l.pk = t.id)`,
    )
      .pluck()
      .all(ids) as string[];
    for (const id of own) if (refoldRow(db, table, id)) note(table);
  }
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
  const renamed = importsNamingContact(db, contactId); // column names the hub may not know to rename
  appendToLedger(db, { at, how: 'expired', contacts: [contactId] });
  const gone = eraseContacts(db, [contactId], at, 'expired');
  forgetPurgedContact(db, contactId); // its rows merged into another contact keep theirs (purgeBookkeeping.ts)
  if (renamed.length > 0) sendRenamedHeaders(db, renamed); // purgeImportHeaders.ts
  return gone;
}

/** Every table's key column list, for tests. */
export const SYNCED = SYNC_TABLES;

/** Whether a pulled import-row message writes a payload naming a second contact (`alsoMatches`). */
function namesSecondMatch(m: SyncMessage): boolean {
  const payload =
    m.kind === 'cell' && m.column === 'payload' ? m.value : m.kind === 'row' ? m.values.payload : undefined;
  return typeof payload === 'string' && payload.includes('"alsoMatches"');
}
