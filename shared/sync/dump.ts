// The normalized dump of the synced tables: what "every replica and the hub hold the same data" compares
// (docs/sync.md, "The oracle"). Both sides produce it: a replica from its SQLite tables (normalizeDump),
// the hub and the tests' oracle from the messages themselves (materialize). Rows are sorted by table and
// primary key, with every synced column including the lifecycle ones, the derived rules applied (a live
// related row under a deleted contact is deleted with it; the needs-review mark), and no sync bookkeeping.
// Pure: no Node or DOM API.
import { foldLifecycle, lww, needsReview, type Cell, type LifecycleEvent } from './fold.ts';
import { cellWrites, SYNC_TABLES, type SyncMessage, type SyncTable } from './protocol.ts';

export type DumpValue = string | number | null;
export type DumpRow = Record<string, DumpValue>;
export interface Dump {
  tables: Record<SyncTable, DumpRow[]>;
  /** Purge tombstones: contact ids only. */
  purged: string[];
}

/** Tables whose rows carry deleted_at / deletion_id and live or die by lifecycle messages. */
export const LIFECYCLE_TABLES = [
  'contacts',
  'conversations',
  'messages',
  'notes',
  'opportunities',
  'tasks',
  'appointments',
  'manual_actions',
] as const satisfies readonly SyncTable[];
export type LifecycleTable = (typeof LIFECYCLE_TABLES)[number];
export const isLifecycleTable = (t: string): t is LifecycleTable => (LIFECYCLE_TABLES as readonly string[]).includes(t);

/** The related tables: each row belongs to one contact (contact_id) and follows its lifecycle. */
export const RELATED_TABLES = LIFECYCLE_TABLES.filter((t) => t !== 'contacts');

/** Columns that never travel as cells: the lifecycle (it travels as delete/restore messages). */
export const LIFECYCLE_COLUMNS = ['deleted_at', 'deletion_id'] as const;

/**
 * Columns of synced tables that are one machine's bookkeeping: never sent, never compared.
 * - deletions.purged_at: when this machine purged a record deletion's rows (solo retention only).
 */
export const BOOKKEEPING_COLUMNS: Partial<Record<SyncTable, readonly string[]>> = {
  deletions: ['purged_at'],
};

/**
 * Derived columns: computed the same way on every machine from the same messages, never sent, compared.
 * - contacts.review_of: null, or the id of the live contact that holds this one's email or phone (the
 *   needs-review mark of docs/sync.md).
 */
export const DERIVED_COLUMNS: Partial<Record<SyncTable, readonly string[]>> = {
  contacts: ['review_of'],
};

/** Whether a column travels as `cell` messages. */
export function isCellColumn(table: SyncTable, column: string): boolean {
  if (isLifecycleTable(table) && (LIFECYCLE_COLUMNS as readonly string[]).includes(column)) return false;
  if (BOOKKEEPING_COLUMNS[table]?.includes(column)) return false;
  if (DERIVED_COLUMNS[table]?.includes(column)) return false;
  return true;
}

/** A row's primary key as messages name it (`pk`): the id, or `action_id:seq` for a bulk action's items. */
export function rowKey(table: SyncTable, row: Record<string, unknown>): string {
  if (table === 'bulk_action_items') return `${String(row.action_id)}:${String(row.seq)}`;
  return String(row.id);
}
/** The columns a primary key stands for (the inverse of rowKey). */
export function keyColumns(table: SyncTable, pk: string): Record<string, DumpValue> {
  if (table === 'bulk_action_items') {
    const i = pk.lastIndexOf(':');
    return { action_id: pk.slice(0, i), seq: Number(pk.slice(i + 1)) };
  }
  return { id: pk };
}

/** The column of a row's cell whose HLC is the row's creation time (it is written once, by the insert). */
export const CREATION_COLUMN = (table: SyncTable): string => (table === 'bulk_action_items' ? 'action_id' : 'id');

function normalValue(v: unknown): DumpValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number(v);
  return String(v);
}

function normalRow(table: SyncTable, row: Record<string, unknown>): DumpRow {
  const skip = BOOKKEEPING_COLUMNS[table] ?? [];
  const out: DumpRow = {};
  for (const k of Object.keys(row).sort()) if (!skip.includes(k)) out[k] = normalValue(row[k]);
  return out;
}

const byKey = (table: SyncTable) => (a: DumpRow, b: DumpRow) => {
  const ka = rowKey(table, a);
  const kb = rowKey(table, b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** A dump from rows as a database holds them (every column; bookkeeping is dropped here). */
export function normalizeDump(raw: {
  tables: Partial<Record<SyncTable, Record<string, unknown>[]>>;
  purged: readonly string[];
}): Dump {
  const tables = {} as Record<SyncTable, DumpRow[]>;
  for (const t of SYNC_TABLES) tables[t] = (raw.tables[t] ?? []).map((r) => normalRow(t, r)).sort(byKey(t));
  return { tables, purged: [...new Set(raw.purged)].sort() };
}

/**
 * The state every machine must reach once it holds these messages, computed straight from them: per cell
 * the greatest HLC wins; each row's lifecycle is the fold of its messages and its contact's (fold.ts);
 * a purge removes the contact and every message naming it, for good; the needs-review mark is derived.
 * The hub's dump, and the oracle the convergence tests compare every replica with. Order-independent.
 */
export function materialize(messages: Iterable<SyncMessage>): Dump {
  const all = [...messages];
  const purged = new Set<string>();
  for (const m of all) if (m.kind === 'purge') purged.add(m.contactId);
  // a record deletion's purge erases the rows it lists, and every message naming one of them; so does a
  // contact's purge, of the rows it erased (wherever a move made since names them)
  const purgedRows = new Set<string>();
  for (const m of all)
    if (m.kind === 'purgeDeletion' || m.kind === 'purge') for (const r of m.rows ?? []) purgedRows.add(`${r.table}\u0000${r.pk}`);

  const cells = new Map<string, Map<string, Cell<DumpValue>>>(); // `${table}\u0000${pk}` → column → cell
  const life = new Map<string, LifecycleEvent[]>(); // same key → lifecycle messages
  const contactOf = new Map<string, string | null>();
  for (const m of all) {
    if (m.kind === 'purge' || m.kind === 'purgeRequest' || m.kind === 'purgeDeletion') continue;
    if (m.contactId !== null && purged.has(m.contactId)) continue;
    const key = `${m.table}\u0000${m.pk}`;
    if (purgedRows.has(key)) continue;
    contactOf.set(key, m.contactId);
    if (m.kind === 'cell' || m.kind === 'row') {
      let row = cells.get(key);
      if (!row) cells.set(key, (row = new Map()));
      const written = cellWrites(m);
      for (const [column, value] of written) {
        const incoming: Cell<DumpValue> = { hlc: m.hlc, value: normalValue(value) };
        const current = row.get(column);
        row.set(column, current ? lww(current, incoming) : incoming);
      }
    } else {
      const list = life.get(key) ?? [];
      list.push(
        m.kind === 'delete'
          ? { kind: 'delete', hlc: m.hlc, deletionId: m.deletionId, at: m.at }
          : { kind: 'restore', hlc: m.hlc, deletionId: m.deletionId },
      );
      life.set(key, list);
    }
  }

  const tables = {} as Record<SyncTable, DumpRow[]>;
  for (const t of SYNC_TABLES) tables[t] = [];
  const created = new Map<string, string>();
  for (const [key, row] of cells) {
    const [table, pk] = key.split('\u0000') as [SyncTable, string];
    const out: DumpRow = {};
    for (const [col, cell] of row) out[col] = cell.value;
    Object.assign(out, keyColumns(table, pk));
    if (isLifecycleTable(table)) {
      const own = life.get(key) ?? [];
      // A related row follows the contact its contact_id cell names now (the last writer's: a merge moves
      // rows between contacts), not the contact named by whichever of its messages came last.
      const contactId =
        table === 'contacts' ? null : ((out.contact_id as string | null | undefined) ?? contactOf.get(key) ?? null);
      const parent = contactId !== null ? (life.get(`contacts\u0000${contactId}`) ?? []) : [];
      const state = table === 'contacts' ? foldLifecycle(own) : foldLifecycle(own, parent);
      out.deleted_at = state.deletedAt;
      out.deletion_id = state.deletionId;
    }
    if (table === 'contacts') {
      out.review_of = null;
      created.set(pk, row.get(CREATION_COLUMN(table))?.hlc ?? minHlc(row));
    }
    tables[table].push(out);
  }
  const contacts = tables.contacts;
  const flagged = needsReview(
    contacts
      .filter((c) => c.deleted_at === null)
      .map((c) => ({
        id: String(c.id),
        createdHlc: created.get(String(c.id))!,
        email: (c.email as string | null) ?? null,
        phoneDigits: (c.phone_digits as string | null) ?? null,
      })),
  );
  for (const c of contacts) c.review_of = flagged.get(String(c.id)) ?? null;
  return normalizeDump({ tables, purged: [...purged] });
}

function minHlc(row: Map<string, Cell<DumpValue>>): string {
  let min: string | null = null;
  for (const c of row.values()) if (min === null || c.hlc < min) min = c.hlc;
  return min ?? '';
}

/** Two dumps as text, one row a line, for a readable diff in a failing test. */
export function dumpLines(d: Dump): string[] {
  const lines: string[] = [];
  for (const t of SYNC_TABLES) for (const r of d.tables[t]) lines.push(`${t} ${JSON.stringify(r)}`);
  for (const p of d.purged) lines.push(`purged ${p}`);
  return lines;
}
