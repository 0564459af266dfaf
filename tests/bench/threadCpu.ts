import fs from 'node:fs';

// CPU time per thread of this process, from Linux's /proc/self/task/<tid>/schedstat (nanoseconds on a
// CPU, user and system together), grouped by the thread's name: the core names its threads
// (kyrios-writer, kyrios-reader, kyrios-checkpt); MainThread is the bench's (and the window's IPC)
// thread; V8Worker are the platform's GC and compile helpers, shared by every thread of the process.
// Elsewhere (no /proc) the snapshot is empty and the figures fall back to the process's CPU time.

export type ThreadSnapshot = Map<string, { name: string; ns: number }>;

export function threadSnapshot(): ThreadSnapshot {
  const snap: ThreadSnapshot = new Map();
  let tids: string[];
  try {
    tids = fs.readdirSync('/proc/self/task');
  } catch {
    return snap;
  }
  for (const tid of tids) {
    try {
      const name = fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
      const ns = Number(fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      snap.set(tid, { name, ns });
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return snap;
}

/** CPU ms per thread name since `before` (threads started since count from zero; ended ones are lost). */
export function threadCpuSince(before: ThreadSnapshot): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [tid, { name, ns }] of threadSnapshot()) {
    const d = (ns - (before.get(tid)?.ns ?? 0)) / 1e6;
    out[name] = (out[name] ?? 0) + d;
  }
  for (const k of Object.keys(out)) out[k] = Math.round(out[k]!);
  return out;
}

/** Threads that are not the product's work in a timed scenario: the bench's own thread and the readers answering it. */
const NOT_THE_ACTION = new Set(['MainThread', 'kyrios-reader']);

/** CPU ms of the threads doing the action's work (the writer, its checkpoint worker, V8's helper threads). */
export const actionCpuMs = (byThread: Record<string, number>): number =>
  Object.entries(byThread).reduce((sum, [name, ms]) => (NOT_THE_ACTION.has(name) ? sum : sum + ms), 0);

const threadNs = (name: string): number => {
  let ns = 0;
  for (const t of threadSnapshot().values()) if (t.name === name) ns += t.ns;
  return ns;
};

/**
 * Waits until thread `name` has used no CPU for `quietMs` (polled every 10 ms), and returns when it last
 * did (performance.now()): the checkpoint worker's last copy of an action's WAL belongs to that action,
 * not to whichever scenario is timed next.
 */
export async function quietAfter(name: string, quietMs = 60, maxMs = 10_000): Promise<number> {
  const start = performance.now();
  let last = threadNs(name);
  let lastChange = start;
  while (performance.now() - lastChange < quietMs && performance.now() - start < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const now = threadNs(name);
    if (now !== last) {
      last = now;
      lastChange = performance.now();
    }
  }
  return lastChange;
}
