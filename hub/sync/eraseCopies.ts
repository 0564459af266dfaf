import { PURGED_DUPLICATE_REASON } from '../../shared/sync/importCopies.ts';
import { compareHlc } from '../../shared/sync/hlc.ts';
import { cellWrites, type SyncMessage } from '../../shared/sync/protocol.ts';
import type { Tx } from '../db/pool.ts';
import { foldStoredRows, valueOf } from './storedRows.ts';

// A purge erases the import's copies of the contact, everywhere (docs/sync.md, "A purge erases the import's
// copies"). An import row skipped as a duplicate keeps the cells of the file's line (bulk_action_items.payload),
// which are the contact's email, phone, name: the one-machine purge (electron/core/lifecycle/
// purgeContactRows.ts, eraseContacts) leaves of such a row only its line, `{"line":N}`, and says why in its
// reason. Its messages name no contact (contactId null: the row is the import's), so without this a purge left
// the copies in the hub's log and state and on every machine that pulled them after the purge. The hub applies
// the same rule to what it holds, in place and at the same HLCs, so that every replica (which runs the local
// rule when it applies the purge) and a replica joining later (which pulls the rewritten messages) end equal:
// - at the purge, to the rows already stored (`eraseCopiesOf`, from purgeContact);
// - at a push, to import rows arriving after the contact was purged (`eraseLateCopies`, from pushBatch).
// Which rows are copies, exactly as the local rule says, for a skipped row of an import action:
// - its `contact_id` is the contact (it duplicated it);
// - it is a CONFLICT whose payload's `alsoMatches` is the contact (it matched two);
// - it is an INVALID row whose reason names ("line N") the line of a row of the same import whose
//   `contact_id` is the contact (it repeated the email or phone of the line that became or duplicated it).

type Item = {
  pk: string;
  actionId: string;
  state: unknown;
  code: unknown;
  reason: unknown;
  payload: unknown;
  contactId: unknown;
};

const ITEMS = 'bulk_action_items';

/** The contact an item message names as its `contact_id` (the expression of an index, hub migration 005). */
const ITEM_CONTACT = `COALESCE(body->'values'->>'contact_id', CASE WHEN body->>'column' = 'contact_id' THEN body->>'value' END)`;
/** The second contact an item message's payload names (`alsoMatches`; an index's expression, migration 005). */
const ITEM_SECOND_MATCH = `substring(COALESCE(body->'values'->>'payload', CASE WHEN body->>'column' = 'payload' THEN body->>'value' END)
     from '"alsoMatches" *: *"([^"]*)"')`;

/** The action id of an item's key `<action_id>:<seq>`. */
const actionOf = (pk: string): string => pk.slice(0, pk.lastIndexOf(':'));

function parsePayload(payload: unknown): Record<string, unknown> | null {
  if (typeof payload !== 'string') return null;
  try {
    const v = JSON.parse(payload) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Every item of these actions, with the columns the rule reads, folded from the hub's stored messages. */
async function itemsOf(tx: Tx, workspaceId: string, actionIds: readonly string[]): Promise<Item[]> {
  if (actionIds.length === 0) return [];
  const rows = await foldStoredRows(
    tx,
    workspaceId,
    `tbl = '${ITEMS}' AND substring(pk from '^(.*):[^:]*$') = ANY($2::text[])`,
    [[...actionIds]],
  );
  return [...rows.values()].map((row) => ({
    pk: row.pk,
    actionId: actionOf(row.pk),
    state: valueOf(row, 'state') ?? null,
    code: valueOf(row, 'code') ?? null,
    reason: valueOf(row, 'reason') ?? null,
    payload: valueOf(row, 'payload') ?? null,
    contactId: valueOf(row, 'contact_id') ?? null,
  }));
}

/** The actions among these that are imports (their `type` column). */
async function importsAmong(tx: Tx, workspaceId: string, actionIds: readonly string[]): Promise<string[]> {
  if (actionIds.length === 0) return [];
  const rows = await foldStoredRows(tx, workspaceId, `tbl = 'bulk_actions' AND pk = ANY($2::text[])`, [[...actionIds]]);
  return [...rows.values()].filter((row) => valueOf(row, 'type') === 'import').map((row) => row.pk);
}

/** The rule above: the items of these import actions that copy one of the contacts. */
function copiesAmong(items: readonly Item[], contacts: ReadonlySet<string>): Item[] {
  const lines = new Map<string, Set<string>>(); // per action, the lines whose row names a purged contact
  for (const it of items) {
    if (typeof it.contactId !== 'string' || !contacts.has(it.contactId)) continue;
    const line = parsePayload(it.payload)?.line;
    if (line === undefined || line === null) continue;
    const set = lines.get(it.actionId) ?? new Set<string>();
    set.add(String(line));
    lines.set(it.actionId, set);
  }
  return items.filter((it) => {
    if (it.state !== 'skipped') return false;
    if (typeof it.contactId === 'string' && contacts.has(it.contactId)) return true;
    if (it.code === 'CONFLICT') {
      const also = parsePayload(it.payload)?.alsoMatches;
      if (typeof also === 'string' && contacts.has(also)) return true;
    }
    if (it.code === 'INVALID' && typeof it.reason === 'string') {
      const reason = it.reason.toLowerCase(); // SQLite's LIKE, as the local rule uses, ignores ASCII case
      for (const line of lines.get(it.actionId) ?? []) {
        if (reason.endsWith(` line ${line}`) || reason.includes(` line ${line} `)) return true;
      }
    }
    return false;
  });
}

/** What the local rule writes: `json_object('line', json_extract(payload, '$.line'))`. */
const erasedPayload = (payload: unknown): string => JSON.stringify({ line: parsePayload(payload)?.line ?? null });

/**
 * Rewrites the copies in place: every stored message that carries their `payload` or `reason` (a `cell` of
 * those columns, or a `row` with them), keeping each HLC, so last-writer-wins is unchanged. The hub keeps no
 * cells (docs/sync.md, "Volume"): the log is its state, so hubDump and every later pull see the erased values.
 */
async function erase(tx: Tx, workspaceId: string, copies: readonly Item[]): Promise<number> {
  if (copies.length === 0) return 0;
  const payloadOf = new Map(copies.map((c) => [c.pk, erasedPayload(c.payload)]));
  const pks = [...payloadOf.keys()];
  const { rows } = await tx.query<{ seq: number; body: SyncMessage }>(
    `SELECT seq, body FROM messages
      WHERE workspace_id = $1 AND tbl = '${ITEMS}' AND pk = ANY($2::text[]) AND kind IN ('cell', 'row')`,
    [workspaceId, pks],
  );
  const rewritten: { seq: number; body: string }[] = [];
  for (const { seq, body } of rows) {
    if (body.kind === 'cell' && (body.column === 'payload' || body.column === 'reason')) {
      const value = body.column === 'payload' ? payloadOf.get(body.pk)! : PURGED_DUPLICATE_REASON;
      rewritten.push({ seq, body: JSON.stringify({ ...body, value }) });
    } else if (body.kind === 'row' && ('payload' in body.values || 'reason' in body.values)) {
      const values = { ...body.values };
      if ('payload' in values) values.payload = payloadOf.get(body.pk)!;
      if ('reason' in values) values.reason = PURGED_DUPLICATE_REASON;
      rewritten.push({ seq, body: JSON.stringify({ ...body, values }) });
    }
  }
  if (rewritten.length > 0) {
    await tx.query(
      `UPDATE messages SET body = k.body::json FROM unnest($2::bigint[], $3::text[]) AS k(seq, body)
        WHERE messages.workspace_id = $1 AND messages.seq = k.seq`,
      [workspaceId, rewritten.map((r) => r.seq), rewritten.map((r) => r.body)],
    );
  }
  return copies.length;
}

/** SQLite's trim(): spaces only. */
const sqliteTrim = (s: string): string => s.replace(/^ +| +$/g, '');
/** SQLite's NOCASE: ASCII letters only. */
const nocase = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * The imports' column names (bulk_actions.params.headers), folded from the messages that write `type` or `params`
 * (an action's row message, and a cell of either column; not its progress cells), read once and kept for the
 * purges of one transaction (a retention pass purges up to a few hundred contacts; each read them all).
 */
export class ImportHeaders {
  #imports: Map<string, string | null> | null = null;
  /** Every import action's params (JSON text, or null), by action id. */
  async all(tx: Tx, workspaceId: string): Promise<Map<string, string | null>> {
    if (this.#imports) return this.#imports;
    const actions = await foldStoredRows(
      tx,
      workspaceId,
      `tbl = 'bulk_actions' AND (kind = 'row' OR body->>'column' IN ('type', 'params'))`,
      [],
    );
    this.#imports = new Map(
      [...actions.values()]
        .filter((row) => valueOf(row, 'type') === 'import')
        .map((row) => {
          const params = valueOf(row, 'params');
          return [row.pk, typeof params === 'string' ? params : null];
        }),
    );
    return this.#imports;
  }
  /** An import's params as rewritten by a purge (kept for the next purges of the transaction). */
  renamed(pk: string, params: string): void {
    this.#imports?.set(pk, params);
  }
}

/**
 * A file imported without a header row keeps its first row as the import's column names
 * (bulk_actions.params.headers): if one of them is the purged contact's name, email or phone, every column
 * name becomes "column N", as the local rule (importHeaders) writes it, in the messages that carry the params.
 */
async function eraseHeaders(tx: Tx, workspaceId: string, contactId: string, headers: ImportHeaders): Promise<void> {
  const contact = (
    await foldStoredRows(tx, workspaceId, `contact_id = $2 AND tbl = 'contacts' AND pk = $2`, [contactId])
  ).get(`contacts\u0000${contactId}`);
  const of = (col: string) => valueOf(contact, col);
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  const caseless = [of('first_name'), of('last_name'), of('email')].map(text).filter((v) => v !== null);
  const exact = text(of('phone'));
  if (caseless.length === 0 && exact === null) return;
  const matches = (header: unknown): boolean => {
    if (typeof header !== 'string') return false;
    const h = sqliteTrim(header);
    return h !== '' && (h === exact || caseless.some((v) => nocase(v) === nocase(h)));
  };
  for (const [pk, value] of await headers.all(tx, workspaceId)) {
    const params = parsePayload(value);
    const names = params?.headers;
    if (!params || !Array.isArray(names) || !names.some(matches)) continue;
    const erased = JSON.stringify({ ...params, headers: names.map((_, i) => `column ${i + 1}`) });
    await renameHeaders(tx, workspaceId, pk, erased);
    headers.renamed(pk, erased);
  }
}

/** Rewrites, in place at their HLCs, every stored message that carries an import's params. */
async function renameHeaders(tx: Tx, workspaceId: string, pk: string, erased: string): Promise<void> {
  const stored = await tx.query<{ seq: number; body: SyncMessage }>(
    `SELECT seq, body FROM messages WHERE workspace_id = $1 AND tbl = 'bulk_actions' AND pk = $2 AND kind IN ('cell', 'row')`,
    [workspaceId, pk],
  );
  for (const { seq, body } of stored.rows) {
    let next: SyncMessage | null = null;
    if (body.kind === 'cell' && body.column === 'params') next = { ...body, value: erased };
    if (body.kind === 'row' && 'params' in body.values) next = { ...body, values: { ...body.values, params: erased } };
    if (next)
      await tx.query('UPDATE messages SET body = $3::json WHERE workspace_id = $1 AND seq = $2', [
        workspaceId,
        seq,
        JSON.stringify(next),
      ]);
  }
}

/** At a purge of `contactId` (before its own rows go): erases the import copies of it the hub holds. */
export async function eraseCopiesOf(
  tx: Tx,
  workspaceId: string,
  contactId: string,
  headers: ImportHeaders = new ImportHeaders(),
): Promise<number> {
  await eraseHeaders(tx, workspaceId, contactId, headers);
  // the item messages that ever named the contact (a contact_id, a second match in a payload), found by the
  // two indexes of hub migration 005 (same expressions); the rule is then judged on their imports' folded rows
  const { rows } = await tx.query<{ pk: string }>(
    `SELECT pk FROM messages WHERE workspace_id = $1 AND tbl = '${ITEMS}' AND kind IN ('cell', 'row')
        AND ${ITEM_CONTACT} = $2
     UNION
     SELECT pk FROM messages WHERE workspace_id = $1 AND tbl = '${ITEMS}' AND kind IN ('cell', 'row')
        AND ${ITEM_SECOND_MATCH} = $2`,
    [workspaceId, contactId],
  );
  if (rows.length === 0) return 0;
  const actions = await importsAmong(tx, workspaceId, [...new Set(rows.map((r) => actionOf(r.pk)))]);
  const items = await itemsOf(tx, workspaceId, actions);
  return erase(tx, workspaceId, copiesAmong(items, new Set([contactId])));
}

/**
 * After a push is stored: import rows of the batch that copy a contact purged already (made offline, pushed
 * late) are erased before anyone can pull them. Only imports are read, and only when the batch holds rows of one.
 */
export async function eraseLateCopies(tx: Tx, workspaceId: string, messages: readonly SyncMessage[]): Promise<number> {
  // First, cheaply: the contacts the batch's item cells name (a duplicate's contact_id, a second match in a
  // payload; the contact_id a row takes when it becomes or duplicates a contact, which is what makes the
  // rows repeating its line copies). Only if one of them is purged are the import's rows read.
  const actionIds = new Set<string>();
  const batchNames = new Set<string>();
  const note = (column: string, value: unknown) => {
    if (column === 'contact_id' && typeof value === 'string') batchNames.add(value);
    const also = column === 'payload' ? parsePayload(value)?.alsoMatches : undefined;
    if (typeof also === 'string') batchNames.add(also);
  };
  for (const m of messages) {
    if ((m.kind !== 'cell' && m.kind !== 'row') || m.table !== ITEMS) continue;
    actionIds.add(actionOf(m.pk));
    for (const [column, value] of cellWrites(m)) note(column, value);
  }
  if (batchNames.size === 0) return 0;
  const purgedNames = await tx.query<{ contact_id: string }>(
    'SELECT contact_id FROM tombstones WHERE workspace_id = $1 AND contact_id = ANY($2::text[])',
    [workspaceId, [...batchNames]],
  );
  if (purgedNames.rows.length === 0) return 0;
  const actions = await importsAmong(tx, workspaceId, [...actionIds]);
  if (actions.length === 0) return 0;
  const items = await itemsOf(tx, workspaceId, actions);
  const named = new Set<string>();
  for (const it of items) {
    if (typeof it.contactId === 'string') named.add(it.contactId);
    const also = it.code === 'CONFLICT' ? parsePayload(it.payload)?.alsoMatches : undefined;
    if (typeof also === 'string') named.add(also);
  }
  if (named.size === 0) return 0;
  const { rows } = await tx.query<{ contact_id: string }>(
    'SELECT contact_id FROM tombstones WHERE workspace_id = $1 AND contact_id = ANY($2::text[])',
    [workspaceId, [...named]],
  );
  if (rows.length === 0) return 0;
  const purged = new Set(rows.map((r) => r.contact_id));
  // rows erased already (their payload holds the line only) are left as they are
  const copies = copiesAmong(items, purged).filter(
    (c) => c.reason !== PURGED_DUPLICATE_REASON || c.payload !== erasedPayload(c.payload),
  );
  return erase(tx, workspaceId, copies);
}

const RENAMED_HEADER = /^column \d+$/;
/** An import's params whose column names are all "column N" (what a purge's rename writes), else null. */
function renamedHeaders(value: unknown): number | null {
  const headers = parsePayload(value)?.headers;
  return Array.isArray(headers) && headers.length > 0 && headers.every((h) => typeof h === 'string' && RENAMED_HEADER.test(h))
    ? headers.length
    : null;
}

/**
 * After a push is stored: an import's column names renamed by a purge on the member's machine that made it
 * (electron/core/sync/purgeImportHeaders.ts: the import reached the hub after the purge, when the hub could no
 * longer compare them with the contact's values) arrive as a newer `params` value whose names are all
 * "column N". Every earlier stored message carrying that import's params has its names rewritten the same way,
 * in place at its HLC: the newer value wins everywhere anyway (last writer wins), so no machine's state changes,
 * and the log keeps no copy of the names. Only names of the same count are rewritten (a rename, not a new file).
 */
export async function eraseSupersededHeaders(
  tx: Tx,
  workspaceId: string,
  messages: readonly SyncMessage[],
): Promise<number> {
  const renamed = new Map<string, { hlc: string; count: number }>();
  for (const m of messages) {
    if ((m.kind !== 'cell' && m.kind !== 'row') || m.table !== 'bulk_actions') continue;
    for (const [column, value] of cellWrites(m)) {
      const count = column === 'params' ? renamedHeaders(value) : null;
      if (count !== null) renamed.set(m.pk, { hlc: m.hlc, count });
    }
  }
  if (renamed.size === 0) return 0;
  const { rows } = await tx.query<{ seq: number; hlc: string; body: SyncMessage }>(
    `SELECT seq, hlc, body FROM messages WHERE workspace_id = $1 AND tbl = 'bulk_actions' AND pk = ANY($2::text[])
        AND kind IN ('cell', 'row')`,
    [workspaceId, [...renamed.keys()]],
  );
  let n = 0;
  for (const { seq, hlc, body } of rows) {
    if (body.kind !== 'cell' && body.kind !== 'row') continue;
    const target = renamed.get(body.pk);
    if (!target || compareHlc(hlc, target.hlc) >= 0) continue; // only what the rename supersedes
    const value = body.kind === 'cell' ? (body.column === 'params' ? body.value : undefined) : body.values.params;
    const params = parsePayload(value);
    const headers = params?.headers;
    if (!params || !Array.isArray(headers) || headers.length !== target.count || renamedHeaders(value) !== null) continue;
    const erased = JSON.stringify({ ...params, headers: headers.map((_, i) => `column ${i + 1}`) });
    const next: SyncMessage =
      body.kind === 'cell' ? { ...body, value: erased } : { ...body, values: { ...body.values, params: erased } };
    await tx.query('UPDATE messages SET body = $3::json WHERE workspace_id = $1 AND seq = $2', [
      workspaceId,
      seq,
      JSON.stringify(next),
    ]);
    n++;
  }
  return n;
}
