// The real hub (hub/, on a throwaway embedded PostgreSQL: tests/helpers/hubServer.ts) as the replica
// tests use it. One hub per test file (start in beforeAll, stop in afterAll): tests in a file share its
// workspace and its clock, so they use contacts of their own and only move the clock forward.
import { startTestHub, type TestHub } from '../helpers/hubServer.ts';

export type TeamHub = Awaited<ReturnType<typeof startTeamHub>>;

export async function startTeamHub(opts: { now?: () => number; tls?: boolean } = {}) {
  const hub: TestHub = await startTestHub({ now: opts.now, tls: opts.tls, heartbeatMs: 1000 });
  return {
    hub,
    url: hub.url,
    inviteCode: (role: 'owner' | 'admin' | 'member' | 'viewer' = 'owner') => hub.inviteCode(role),
    dump: () => hub.dump(),
    /** Retention at the hub's clock: the purges due are made (and announced). */
    runRetention: () => hub.runRetention(),
    /** Messages the hub stores that match an SQL condition on its `messages` table. */
    async countMessages(where: string, params: unknown[] = []): Promise<number> {
      const r = await hub.hub.db.query<{ n: string }>(`SELECT count(*) AS n FROM messages WHERE ${where}`, params);
      return Number(r.rows[0]!.n);
    },
    down: () => hub.down(),
    up: () => hub.up(),
    kill: () => hub.kill(),
    stop: () => hub.stop(),
  };
}
