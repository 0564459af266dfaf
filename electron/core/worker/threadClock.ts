import { systemClock, type Clock } from '../clock.ts';

/**
 * A core thread's clock. The system clock when the app runs; when the caller injected one (tests, the
 * benchmark), the time it read when it made each call, so a handler sees the caller's "now" and
 * background work the time of the latest call.
 */
export function threadClock(start: number | null): { now: Clock; set(t: number | undefined): void } {
  if (start === null) return { now: systemClock, set: () => {} };
  let t = start;
  return {
    now: () => t,
    set: (v) => {
      if (v !== undefined) t = v;
    },
  };
}
