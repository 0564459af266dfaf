import type { Database } from 'better-sqlite3';
import { formatHlc, receive, tick, type HlcTime } from '../../../shared/sync/hlc.ts';

// One hybrid logical clock per connection (shared/sync/hlc.ts), and the two SQL functions the capture
// triggers call (captureTriggers.ts): sync_capturing() says whether a change made now is the member's
// own (1) or the apply of pulled messages (0), and sync_hlc() stamps a captured message with the next
// time. They are registered on every connection openDatabase makes, so a trigger of a team database
// always finds them; the clock itself is loaded from sync_state once the schema is migrated.

interface ConnectionSync {
  clock: HlcTime | null;
  /** Set while pulled messages are applied: the triggers write nothing then. */
  applying: boolean;
  now: () => number;
}

const state = new WeakMap<Database, ConnectionSync>();

function of(db: Database): ConnectionSync {
  const s = state.get(db);
  if (!s) throw new Error('the sync functions are not registered on this connection');
  return s;
}

/** Registers sync_capturing() and sync_hlc() on a connection and loads its clock (if it belongs to a team). */
export function attachSyncFunctions(db: Database, now: () => number): void {
  const s: ConnectionSync = { clock: null, applying: false, now };
  state.set(db, s);
  db.function('sync_capturing', { deterministic: false }, () => (s.clock !== null && !s.applying ? 1 : 0));
  db.function('sync_hlc', { deterministic: false }, () => {
    if (s.clock === null) throw new Error('sync_hlc() called on a database that belongs to no team');
    s.clock = tick(s.clock, s.now());
    return formatHlc(s.clock);
  });
  loadClock(db);
}

/**
 * Reads the clock of a team database: past its stored time and every message still in the outbox (a
 * crash after a change and before the clock was stored loses nothing), or null for a solo database.
 */
export function loadClock(db: Database): void {
  const s = of(db);
  const hasTable = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sync_state'").get();
  const row = hasTable
    ? (db
        .prepare('SELECT device_id, clock, (SELECT max(hlc) FROM sync_outbox) AS outbox FROM sync_state WHERE id = 1')
        .get() as { device_id: string; clock: string; outbox: string | null } | undefined)
    : undefined;
  if (!row) {
    s.clock = null;
    return;
  }
  let clock: HlcTime = { millis: 0, counter: 0, node: row.device_id };
  for (const t of [row.clock, row.outbox]) if (t) clock = receive(clock, t, 0);
  s.clock = clock;
}

/** The current time of this connection's clock, formatted (stored in sync_state with each sync step). */
export function clockNow(db: Database): string | null {
  const c = of(db).clock;
  return c === null ? null : formatHlc(c);
}

/** Moves the clock past a pulled message's time, so later local changes order after it. */
export function receiveTime(db: Database, hlc: string): void {
  const s = of(db);
  if (s.clock === null) return;
  // Another device's time moves this clock forward; the device id stays ours.
  s.clock = receive(s.clock, hlc, s.now());
}

/** A fresh time for a message this machine makes outside the triggers (a purge request). */
export function nextTime(db: Database): string {
  const s = of(db);
  if (s.clock === null) throw new Error('this database belongs to no team');
  s.clock = tick(s.clock, s.now());
  return formatHlc(s.clock);
}

/** Runs `fn` with capture off: what it writes is pulled state, not the member's own change. */
export function whileApplying<T>(db: Database, fn: () => T): T {
  const s = of(db);
  const was = s.applying;
  s.applying = true;
  try {
    return fn();
  } finally {
    s.applying = was;
  }
}

/** Whether this connection belongs to a team (its clock is loaded). */
export const inTeam = (db: Database): boolean => state.get(db)?.clock != null;
