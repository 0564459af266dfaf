// The hybrid logical clock (docs/sync.md, "Clock"): every message carries one time, and the order of
// those times is the order of history on every machine. A time is
// `<physical ms, 13 digits>-<counter, 5 digits>-<deviceId>` (protocol.ts `Hlc`): fixed width, so two
// times compare as strings exactly as they compare as clocks, and the device id breaks every tie.
// Pure: no Node or DOM API (the renderer and the hub import it too).

export interface HlcTime {
  /** Physical part: milliseconds since the epoch, the greatest wall time this clock has seen. */
  readonly millis: number;
  /** Logical part: orders several times within one millisecond. */
  readonly counter: number;
  readonly node: string;
}

const MAX_COUNTER = 99_999;
const MAX_MILLIS = 9_999_999_999_999;
const NODE = /^[0-9A-Za-z_-]{1,64}$/;
const TIME = /^(\d{13})-(\d{5})-([0-9A-Za-z_-]{1,64})$/;

export function formatHlc(t: HlcTime): string {
  if (!Number.isInteger(t.millis) || t.millis < 0 || t.millis > MAX_MILLIS)
    throw new Error(`HLC millis out of range: ${t.millis}`);
  if (!Number.isInteger(t.counter) || t.counter < 0 || t.counter > MAX_COUNTER)
    throw new Error(`HLC counter out of range: ${t.counter}`);
  if (!NODE.test(t.node)) throw new Error(`HLC node id is not [0-9A-Za-z_-]{1,64}: ${t.node}`);
  return `${String(t.millis).padStart(13, '0')}-${String(t.counter).padStart(5, '0')}-${t.node}`;
}

export function parseHlc(s: string): HlcTime {
  const m = TIME.exec(s);
  if (!m) throw new Error(`not a hybrid logical clock time: ${s}`);
  return { millis: Number(m[1]), counter: Number(m[2]), node: m[3]! };
}

/** Negative when a is earlier, 0 when equal, positive when later: the string order is the clock order. */
export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const maxHlc = (a: string, b: string): string => (compareHlc(a, b) >= 0 ? a : b);

/** The physical milliseconds of a formatted time (the hub checks them against its own clock). */
export const hlcMillis = (s: string): number => Number(s.slice(0, 13));

/** A clock that has seen nothing yet. */
export const zeroClock = (node: string): HlcTime => ({ millis: 0, counter: 0, node });

/** Advances the logical part, carrying into the physical part once the counter is full. */
function bump(millis: number, counter: number): { millis: number; counter: number } {
  return counter >= MAX_COUNTER ? { millis: millis + 1, counter: 0 } : { millis, counter: counter + 1 };
}

/**
 * A new local event (a change the member makes): later than every time this clock has issued or seen,
 * and at least the wall clock. Returns the new clock state, which is also the event's time.
 */
export function tick(clock: HlcTime, wallNow: number): HlcTime {
  const wall = Math.floor(wallNow);
  if (wall > clock.millis) return { millis: wall, counter: 0, node: clock.node };
  const next = bump(clock.millis, clock.counter);
  return { ...next, node: clock.node };
}

/**
 * A time received from elsewhere (a pulled message): the clock moves past it, so the next local change
 * is ordered after everything this machine has seen, whatever its wall clock says.
 */
export function receive(clock: HlcTime, remote: string, wallNow: number): HlcTime {
  const r = parseHlc(remote);
  const wall = Math.floor(wallNow);
  const millis = Math.max(clock.millis, r.millis, wall);
  if (millis === wall && wall > clock.millis && wall > r.millis) return { millis, counter: 0, node: clock.node };
  let counter: number;
  if (millis === clock.millis && millis === r.millis) counter = Math.max(clock.counter, r.counter);
  else if (millis === clock.millis) counter = clock.counter;
  else if (millis === r.millis) counter = r.counter;
  else counter = 0;
  // The counter keeps its value here; the next tick moves past it.
  return { millis, counter, node: clock.node };
}
