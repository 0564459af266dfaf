import type { Dispatcher } from '../../electron/core/dispatcher.ts';
import { percentile, round } from './stats.ts';

export interface Latency {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  samples: number;
  /** The five longest waits: when the call was due (ms after the probe started) and how long it waited. */
  longest: { atMs: number; ms: number }[];
}

export interface ProbeCall {
  /** How the figures name it (e.g. "list", "search"). */
  label: string;
  channel: string;
  input: (i: number) => unknown;
}

const summary = (latencies: number[], waits: { atMs: number; ms: number }[]): Latency => ({
  p50Ms: round(percentile(latencies, 50)),
  p99Ms: round(percentile(latencies, 99)),
  maxMs: round(Math.max(0, ...latencies)),
  samples: latencies.length,
  longest: [...waits].sort((a, b) => b.ms - a.ms).slice(0, 5),
});

/**
 * Calls the app's dispatcher every `everyMs` (through the same proxy the window uses: across the thread
 * boundary), taking `calls` in turn (the Contacts list, a search), as a UI polling while a bulk action
 * runs. A call's latency is counted from when it was due, not from when the event loop got round to it:
 * a held loop shows in full. Calls missed while the loop was held are not sent afterwards all at once
 * (like a timer, the poll coalesces them), so the probe measures how long the app keeps a caller waiting
 * without adding a flood of its own.
 */
export function startLatencyProbe(dispatcher: Dispatcher, calls: ProbeCall[], everyMs = 10) {
  const latencies: number[] = [];
  const waits: { atMs: number; ms: number }[] = [];
  const byLabel = new Map<string, { latencies: number[]; waits: { atMs: number; ms: number }[] }>();
  const pending = new Set<Promise<void>>();
  let failures = 0;
  let stopped = false;
  const start = performance.now();
  let sent = 0;
  let made = 0;
  let timer: NodeJS.Timeout | null = null;

  const send = (due: number) => {
    const call = calls[made % calls.length]!;
    const p = dispatcher.call(call.channel, call.input(made)).then((env) => {
      if (!env.ok) failures++;
      const ms = performance.now() - due;
      const wait = { atMs: round(due - start, 0), ms: round(ms) };
      latencies.push(ms);
      waits.push(wait);
      let mine = byLabel.get(call.label);
      if (!mine) byLabel.set(call.label, (mine = { latencies: [], waits: [] }));
      mine.latencies.push(ms);
      mine.waits.push(wait);
      pending.delete(p);
    });
    made++;
    pending.add(p);
  };
  const tick = () => {
    if (stopped) return;
    const t = performance.now();
    // The earliest slot not yet served is when this call was due; later missed slots coalesce into it.
    if (start + sent * everyMs <= t) {
      send(start + sent * everyMs);
      sent = Math.floor((t - start) / everyMs) + 1;
    }
    timer = setTimeout(tick, Math.max(0, start + sent * everyMs - performance.now()));
  };
  tick();

  return {
    async stop(): Promise<Latency & { failures: number; byCall: Record<string, Latency> }> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.all(pending);
      return {
        ...summary(latencies, waits),
        failures,
        byCall: Object.fromEntries([...byLabel].map(([label, l]) => [label, summary(l.latencies, l.waits)])),
      };
    },
  };
}
