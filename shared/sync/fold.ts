// The merge rules of docs/sync.md, as pure functions both sides run: the replica when it applies pulled
// messages, the hub when it builds its dump, the tests as the oracle. Nothing here depends on the order
// messages arrived in: every function sorts by HLC (or takes a maximum), so any permutation of the same
// messages gives the same result.
import { compareHlc } from './hlc.ts';

/** A row's lifecycle: live, or deleted by one deletion at one time. */
export interface Lifecycle {
  deletedAt: number | null;
  deletionId: string | null;
}
export const LIVE: Lifecycle = Object.freeze({ deletedAt: null, deletionId: null });

/** The lifecycle messages of one row (or of its contact), as the fold needs them. */
export interface LifecycleEvent {
  kind: 'delete' | 'restore';
  hlc: string;
  deletionId: string;
  /** A delete's time as the member saw it (shown to people; retention counts from the hub's receipt). */
  at?: number;
}

/**
 * Folds a row's lifecycle messages in HLC order, with the one-machine rules as guards:
 * - `delete D` applies only to a row that is live at that point (a deleted row keeps its own deletion);
 * - `restore D` applies only to a row whose current deletion is D.
 *
 * For a related row, pass its contact's lifecycle messages as `contactEvents`: on one machine, deleting
 * the contact deletes every related row live at that moment, and restoring deletion D brings back
 * exactly the contact's rows D removed, so the contact's messages cascade onto the row at their place in
 * HLC order (a message of the row and one of its contact with the same time: the row's first). After the
 * fold the derived rule holds: a row live by its own fold under a deleted contact is deleted with the
 * contact's deletion (a note added on one machine while the contact was deleted on another).
 */
export function foldLifecycle(
  own: readonly LifecycleEvent[],
  contactEvents: readonly LifecycleEvent[] = [],
): Lifecycle {
  const events = [...own.map((e) => ({ e, order: 0 })), ...contactEvents.map((e) => ({ e, order: 1 }))].sort(
    (a, b) => compareHlc(a.e.hlc, b.e.hlc) || a.order - b.order || tieBreak(a.e, b.e),
  );
  let state: Lifecycle = LIVE;
  for (const { e } of events) state = step(state, e);
  if (contactEvents.length > 0 && state.deletionId === null) {
    const contact = foldLifecycle(contactEvents);
    if (contact.deletionId !== null) return contact;
  }
  return state;
}

/** One message applied to a state, with the guards. */
function step(state: Lifecycle, e: LifecycleEvent): Lifecycle {
  if (e.kind === 'delete') {
    return state.deletionId === null ? { deletedAt: e.at ?? 0, deletionId: e.deletionId } : state;
  }
  return state.deletionId === e.deletionId ? LIVE : state;
}

/** Two messages with one HLC (only a duplicate can be): a fixed order so the result never depends on input order. */
function tieBreak(a: LifecycleEvent, b: LifecycleEvent): number {
  const ka = `${a.kind}\u0000${a.deletionId}\u0000${a.at ?? 0}`;
  const kb = `${b.kind}\u0000${b.deletionId}\u0000${b.at ?? 0}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** A column's value with the time it was written: the last writer (greatest HLC) wins. */
export interface Cell<V = unknown> {
  hlc: string;
  value: V;
}

/** The winner of two writes of one cell: commutative, associative and idempotent. */
export function lww<V>(a: Cell<V>, b: Cell<V>): Cell<V> {
  const c = compareHlc(a.hlc, b.hlc);
  if (c !== 0) return c > 0 ? a : b;
  // One HLC is one message: equal times carry equal values; compare anyway so the choice is fixed.
  return JSON.stringify(a.value) >= JSON.stringify(b.value) ? a : b;
}

/** Whether an incoming write replaces the current one (absent: it does). */
export const lwwWins = (incoming: string, current: string | null | undefined): boolean =>
  current === null || current === undefined || compareHlc(incoming, current) > 0;

/** The key a contact's email is unique by (the live-email index compares it case-insensitively). */
export const emailKey = (email: unknown): string | null =>
  typeof email === 'string' && email !== '' ? email.toLowerCase() : null;
/** The key a contact's phone is unique by: its canonical digits. */
export const phoneKey = (digits: unknown): string | null =>
  typeof digits === 'string' && digits !== '' ? digits : null;

/** A live contact as the uniqueness rule needs it. */
export interface ReviewCandidate {
  id: string;
  /** The HLC of its creation (its first message): the earlier one holds a shared email or phone. */
  createdHlc: string;
  email: string | null;
  phoneDigits: string | null;
}

/**
 * The uniqueness rule of docs/sync.md: of the live contacts sharing a normalized email or phone, the one
 * created first in HLC order holds it, and every other one is marked needs review, naming the contact it
 * clashes with. Returns the contacts to mark, id → the contact holding the value. Computed from the
 * same data on every machine, so every machine marks the same contacts.
 */
export function needsReview(live: readonly ReviewCandidate[]): Map<string, string> {
  const sorted = [...live].sort(
    (a, b) => compareHlc(a.createdHlc, b.createdHlc) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const emails = new Map<string, string>();
  const phones = new Map<string, string>();
  const flagged = new Map<string, string>();
  for (const c of sorted) {
    const e = emailKey(c.email);
    const p = phoneKey(c.phoneDigits);
    const clash = (e !== null ? emails.get(e) : undefined) ?? (p !== null ? phones.get(p) : undefined);
    if (clash !== undefined) {
      flagged.set(c.id, clash);
      continue;
    }
    if (e !== null) emails.set(e, c.id);
    if (p !== null) phones.set(p, c.id);
  }
  return flagged;
}
