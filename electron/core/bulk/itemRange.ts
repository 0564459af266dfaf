import { cachedStatement } from '../db/statements.ts';
import type { Tx } from '../db/tx.ts';
import type { ContactSet } from '../contacts/contactSet.ts';

/**
 * The items table read through its index of pending items, for "the next n pending items". Without
 * it SQLite walks the primary key from the action's first item, past every item already finished:
 * each chunk got slower as the action went on (the 25,000th item of a 50,000-item delete read past
 * 25,000 done ones first).
 */
export const pendingItems = (alias = '') => `bulk_action_items ${alias} INDEXED BY idx_bulk_items_pending`;

/**
 * The contacts of a chunk's items still pending, as a set (contacts/contactSet.ts): items are taken
 * in seq order and every item before a chunk is finished, so the range's pending items are exactly
 * the chunk's items; a chunk marks its exceptions skipped first, and then this names exactly the
 * contacts it changes, read through the items' primary key.
 */
export const pendingInRange = (range: RangeParams): ContactSet => ({
  sql: "SELECT contact_id FROM bulk_action_items WHERE action_id = @a AND seq BETWEEN @lo AND @hi AND state = 'pending'",
  params: { ...range },
});

export interface RangeParams {
  a: string;
  lo: number;
  hi: number;
}

/** Marks one item skipped with its code and a reason a person understands (never a contact's data). */
export function markSkipped(db: Tx, actionId: string, seq: number, code: string, reason: string): void {
  cachedStatement(
    db,
    "UPDATE bulk_action_items SET state = 'skipped', code = ?, reason = ? WHERE action_id = ? AND seq = ?",
  ).run(code, reason, actionId, seq);
}

/** Marks every item of the range still pending done, in one statement; returns how many. */
export function markRangeDone(db: Tx, range: RangeParams): number {
  return cachedStatement(
    db,
    "UPDATE bulk_action_items SET state = 'done', code = NULL, reason = NULL WHERE action_id = @a AND seq BETWEEN @lo AND @hi AND state = 'pending'",
  ).run(range).changes;
}

/**
 * The chunk's changes must name exactly its items: a mismatch would mean an item marked done whose
 * contact did not change (or the reverse), so the chunk's transaction is rolled back instead.
 */
export function expectChanged(what: string, changed: number, expected: number): void {
  if (changed !== expected) throw new Error(`a bulk chunk changed ${changed} ${what}, expected ${expected}`);
}

/** The outcome of a chunk: how many items it finished, and how many of those were skipped. */
export interface ChunkCounts {
  processed: number;
  skipped: number;
}
