/**
 * CPU time of this thread in milliseconds (the thread the chunk runs on; SQLite runs on it too).
 * Node 23.9+ has a per-thread clock; older runtimes fall back to the process's, which also counts
 * GC helper threads but is close during a synchronous chunk.
 */
export function threadCpuMs(): number {
  const u = typeof process.threadCpuUsage === 'function' ? process.threadCpuUsage() : process.cpuUsage();
  return (u.user + u.system) / 1000;
}
