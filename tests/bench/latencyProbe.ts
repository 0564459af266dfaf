import type { Dispatcher } from '../../electron/core/dispatcher.ts';
import { percentile, round } from './stats.ts';

export interface Latency {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  samples: number;
}

/**
 * Sends `channel` through the dispatcher every `everyMs`, as a UI polling while a bulk action runs
 * would, whether or not earlier calls were answered: requests arrive at a fixed rate. When the event
 * loop is held (by a bulk chunk, say), the requests due meanwhile wait, as IPC messages would, and are
 * sent as soon as the loop is free; each call's latency is counted from when it was due, so a chunk
 * that holds the loop for 80 ms shows as latencies of up to 80 ms plus the call itself.
 */
export function startLatencyProbe(dispatcher: Dispatcher, channel: string, input: unknown, everyMs = 10) {
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  let failures = 0;
  let stopped = false;
  const start = performance.now();
  let sent = 0;
  let timer: NodeJS.Timeout | null = null;

  const send = (due: number) => {
    const p = dispatcher.call(channel, input).then((env) => {
      if (!env.ok) failures++;
      latencies.push(performance.now() - due);
      pending.delete(p);
    });
    pending.add(p);
  };
  const tick = () => {
    if (stopped) return;
    const t = performance.now();
    while (start + sent * everyMs <= t) send(start + sent++ * everyMs);
    timer = setTimeout(tick, Math.max(0, start + sent * everyMs - performance.now()));
  };
  tick();

  return {
    async stop(): Promise<Latency & { failures: number }> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.all(pending);
      return {
        p50Ms: round(percentile(latencies, 50)),
        p99Ms: round(percentile(latencies, 99)),
        maxMs: round(Math.max(0, ...latencies)),
        samples: latencies.length,
        failures,
      };
    },
  };
}
