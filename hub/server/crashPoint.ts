/**
 * For the crash tests only: a hub started with KYRIOS_HUB_CRASH_AT=<point> kills itself (SIGKILL, no cleanup)
 * when it reaches that point, e.g. `push:stored` (a batch's messages inserted, not committed). Unset, this
 * does nothing.
 */
export function crashPoint(point: string): void {
  if (process.env.KYRIOS_HUB_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}
