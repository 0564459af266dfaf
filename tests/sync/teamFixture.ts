// The setup every replica test file shares: one real hub for the file (started before its tests, stopped
// after), one fake clock that only moves forward, and the replicas a test makes, closed after it.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { materialize, type Dump } from '../../shared/sync/dump.ts';
import type { SyncMessage } from '../../shared/sync/protocol.ts';
import { fakeClock } from '../helpers/core.ts';
import { replica, type Replica } from './replicas.ts';
import { startTeamHub, type TeamHub } from './teamHub.ts';

export function useTeam() {
  const clock = fakeClock();
  let hub: TeamHub | undefined;
  let open: Replica[] = [];
  beforeAll(async () => {
    hub = await startTeamHub({ now: clock });
  });
  afterAll(async () => {
    await hub?.stop();
  });
  const closeAll = async () => {
    for (const r of open) await r.cleanup();
    open = [];
  };
  afterEach(closeAll);
  const current = (): TeamHub => {
    if (!hub) throw new Error('the team hub starts in beforeAll');
    return hub;
  };
  return {
    clock,
    /** The file's hub (started in beforeAll). */
    hub: current,
    /** A replica on the file's hub and clock, closed after the test. */
    async make(name: string, opts: Parameters<typeof replica>[2] = {}): Promise<Replica> {
      const r = await replica(name, current(), { now: clock, ...opts });
      open.push(r);
      return r;
    },
    /** Closes `r` (made with `replica()` directly) after the test. */
    track(r: Replica): Replica {
      open.push(r);
      return r;
    },
    /** Closes the replicas made so far (as after each test). */
    closeAll,
    tick: () => clock.advance(1000),
    /** Everyone pushes, then everyone pulls (twice: what one pushed reaches all). */
    async syncAll(...rs: Replica[]): Promise<void> {
      for (const r of rs) await r.sync();
      for (const r of rs) await r.sync();
    },
    /** The state the hub's log folds to (the oracle of docs/sync.md). */
    async oracle(): Promise<Dump> {
      const r = await current().hub.hub.db.query<{ body: SyncMessage }>('SELECT body FROM messages ORDER BY seq');
      return materialize(r.rows.map((x) => x.body));
    },
  };
}
